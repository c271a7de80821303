//! # Patient Identity Pallet
//!
//! Pseudonymous patient identities for Healthchain: salted identity commitments, per-organisation
//! pseudonyms, delegates (guardians, legal representatives, emergency contacts), key rotation and
//! guardian-driven recovery. The chain never learns who a patient is.
//!
//! ## Terminology
//!
//! - `patient id` and `key`: a patient is known on chain by a stable id — the account that
//!   registered — which keys their consents, anchors, access log and research opt-ins in every
//!   pallet. The identity is controlled by one key at a time (at first the same account); keys
//!   rotate ([`Pallet::rotate_key`]) and recover ([`Pallet::claim_recovery`]) under the id, so a
//!   patient's data stays with the patient, not with a key.
//! - `commitment`: `blake2_256(tag ‖ salt ‖ identifiers ‖ account)` computed by the patient's
//!   wallet ([`types::identity_commitment`]). The salt stays with the patient, so a small
//!   identifier space (an ID number, a name and birth date) cannot be brute-forced from the chain.
//!   One active commitment per account, one account per commitment; a deactivated commitment is a
//!   tombstone and is never reused.
//! - Why copying a commitment gains nothing: the chain never sees an opening, so it cannot stop
//!   someone from registering a commitment copied from a pending `register`. But the commitment
//!   names the patient's account: when Pat opens it (salt and identifiers) at a hospital desk, the
//!   hospital checks it against the account it found ([`Pallet::opens_commitment`]), and a copy
//!   registered by another account never opens for that account. The copier learns nothing
//!   (salted) and pays a deposit; Pat, finding her commitment taken, draws a new salt.
//! - `pseudonym`: a 32-byte value under which one organisation (its `audience`) anchors records
//!   about the patient, so that a provider's records do not name the patient's account. It is
//!   its own consent subject, controlled by a `pseudonym key`.
//! - `pseudonym key`: a key the patient's wallet derives for one organisation (for example the
//!   patient's seed with the path `//healthchain//pseudonym//<organisation>`). It publishes the
//!   pseudonym ([`Pallet::publish_pseudonym`]), grants and revokes the consents that govern every
//!   anchor and access under it (in the consent pallet, with the key as the subject), and retires
//!   it. Nothing on chain names the patient's account, commitment or other pseudonyms next to it:
//!   the only bridge is the hiding `link_commitment` ([`types::pseudonym_link`]), which the
//!   patient opens to a party of their choice (the hospital desk, an auditor) to prove the link.
//!   Unlinkability also asks the wallet not to fund the pseudonym key from the patient's account:
//!   the audience organisation (which knows the patient anyway) or any unrelated account funds it.
//!   A pseudonym key has no delegates (they would name the patient), cannot become a patient or a
//!   controlling key, and is retired with its pseudonym. A retired pseudonym is a tombstone nobody
//!   can publish again.
//! - Why the chain does not check that a real patient stands behind a pseudonym: it cannot
//!   without linking them (or without anonymous credentials, which the runtime does not offer).
//!   It does not need to: a pseudonym is usable only by its audience organisation, only with the
//!   consents its key granted, exactly like a patient identity — and registering an identity is
//!   open to anyone too. Binding a subject to a person is identity proofing, done off chain by the
//!   organisation that receives the link opening; a provider that mints a pseudonym for itself
//!   gains nothing it could not gain by registering a made-up patient, and every anchor it makes
//!   names it as the author.
//! - `delegate`: an account that may act for the patient with a `role` (FHIR `RelatedPerson`:
//!   guardian, legal representative, emergency contact), a `scope` (a [`DelegateScope`]: the [`DelegateAction`]s it allows) and an
//!   optional expiry block.
//! - `guardian`: a delegate whose scope includes [`DelegateAction::Recovery`].
//! - `recovery`: guardians move a lost identity to a new account. The guardian set and the
//!   threshold are fixed when a recovery starts (nobody lowers the bar by leaving halfway);
//!   approvals count only from guardians still valid when it is claimed; it can be claimed after
//!   the recovery delay (days in production, minutes on development chains) and lapses after
//!   `RecoveryLifetime`; the patient, or a threshold of the guardians, cancels it, so one rogue
//!   guardian can neither take the identity alone nor block recovery for ever.
//! - `retired key`: a key that left an identity (rotated or recovered away from, or deactivated)
//!   controls nothing and can never register or control an identity again: a leaked key stays
//!   dead, while the identity and everything keyed by its id lives on under the new key.
//! - `deposit`: funds held (fungible holds, through a `Consideration`) from whoever adds an item to
//!   state, released when the item is removed.
//!
//! ## Scenario: a patient joins, names a guardian, and recovers a lost phone
//!
//! 1. Pat's wallet draws a random salt and computes her commitment. Pat calls [`Pallet::register`]
//!    with it; a deposit is held; `PatientRegistered` is emitted. (At the hospital desk, Pat may
//!    instead sign a [`types::RegistrationPayload`] and the hospital submits
//!    [`Pallet::register_for`]; the signature names the hospital, the chain, a nonce and an expiry,
//!    so it cannot be replayed.)
//! 2. For the City Lab, Pat's wallet derives a pseudonym key, which the lab funds at the desk
//!    after Pat opens the link to it. The key calls [`Pallet::publish_pseudonym`] (audience: the
//!    lab) and grants the lab consent to store and read lab results. The lab anchors her results
//!    under that pseudonym, not under her account, and nobody reading the chain can tell that
//!    the pseudonym and Pat's account are the same person.
//! 3. Pat names her brother Sam with [`Pallet::add_delegate`]: role `EmergencyContact`, scope
//!    `[Notify, Recovery]`, no expiry; and her friend Ann as a guardian for recovery. She sets
//!    [`Pallet::set_recovery_threshold`] to 2.
//! 4. Pat loses her phone. Sam calls [`Pallet::initiate_recovery`] naming Pat's new account; Ann
//!    calls [`Pallet::approve_recovery`]. If Pat still had her key she could
//!    [`Pallet::cancel_recovery`] during the delay (and two guardians together could cancel a
//!    recovery one of them started against her wishes). After the delay, Pat's new account calls
//!    [`Pallet::claim_recovery`]: it becomes the key of Pat's identity (`IdentityMoved`); her id,
//!    consents, records, delegates and pseudonyms stay as they were, and the lost key is retired
//!    for good.
//! 5. With her key intact, Pat could instead rotate it: [`Pallet::rotate_key`] proposes the new
//!    key, which completes it with [`Pallet::accept_rotation`].
//! 6. When Pat leaves, [`Pallet::deactivate`] retires her commitment and her account
//!    (tombstones), removes her delegates and releases this pallet's deposits; her consents stop
//!    counting at once. Her wallet retires each pseudonym with its key
//!    ([`Pallet::retire_pseudonym`]): the chain cannot do it for her without linking them. Nothing personal was ever stored, so nothing needs erasing on
//!    chain.
//!
//! Other pallets ask about patients through [`PatientRegistry`] (implemented by [`Pallet`]):
//! whether an account is an active patient or an active consent subject (a patient or a pseudonym
//! key), which subject a pseudonym has, whether an agent may act for a subject for an action, and
//! which delegates to notify.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod migrations;
mod try_state;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::Encode;
use polkadot_sdk::{
	frame_support::{
		self,
		pallet_prelude::*,
		traits::{Consideration, Footprint},
	},
	frame_system::{self, pallet_prelude::*},
	sp_core::H256,
	sp_runtime::traits::{IdentifyAccount, One, Saturating, Verify, Zero},
};

/// Deposit record of this pallet.
pub type DepositOf<T> = Deposit<<T as frame_system::Config>::AccountId, <T as Config>::Consideration>;
/// A patient record.
pub type PatientInfoOf<T> =
	PatientInfo<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>;
/// A delegate record.
pub type DelegateOf<T> =
	Delegate<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>;
/// The delegates of one patient.
pub type DelegatesOf<T> = BoundedVec<DelegateOf<T>, <T as Config>::MaxDelegates>;
/// A pseudonym record.
pub type PseudonymInfoOf<T> = PseudonymInfo<
	<T as frame_system::Config>::AccountId,
	healthchain_primitives::OrganizationId,
	BlockNumberFor<T>,
	<T as Config>::Consideration,
>;
/// A recovery record.
pub type ActiveRecoveryOf<T> = ActiveRecovery<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxGuardianApprovals>,
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxDelegates>,
	<T as Config>::Consideration,
>;
/// The payload a patient signs for [`Pallet::register_for`].
pub type RegistrationPayloadOf<T> =
	RegistrationPayload<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as frame_system::Config>::Hash>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(4);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Default bounds for test runtimes: `#[derive_impl(config_preludes::TestDefaultConfig)]` fills
	/// in every bound and the unit weights; a mock names only how the pallet is wired (and a bound
	/// it wants smaller).
	pub mod config_preludes {
		use super::*;
		use polkadot_sdk::frame_support::{
			derive_impl,
			traits::{ConstU32, ConstU64},
		};
		use polkadot_sdk::frame_system;

		/// The bounds the pallet's own tests use.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[polkadot_sdk::frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxDelegates = ConstU32<4>;
			type MaxGuardianApprovals = ConstU32<4>;
			type RecoveryDelay = ConstU64<10>;
			type RecoveryLifetime = ConstU64<40>;
			type MaxSignedValidity = ConstU64<100>;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// Deposit held for each patient, delegate, pseudonym and recovery entry.
		#[pallet::no_default]
		type Consideration: Consideration<Self::AccountId, Footprint>;

		/// Signature a patient gives a provider to register on their behalf.
		#[pallet::no_default]
		type Signature: Verify<Signer = Self::Signer> + Parameter;

		/// The signer of [`Config::Signature`], identifying an account.
		#[pallet::no_default]
		type Signer: IdentifyAccount<AccountId = Self::AccountId>;

		/// Maximum delegates of one patient.
		#[pallet::constant]
		type MaxDelegates: Get<u32>;

		/// Maximum guardian approvals recorded for one recovery (and the highest threshold).
		#[pallet::constant]
		type MaxGuardianApprovals: Get<u32>;

		/// Default blocks between the start of a recovery and the earliest claim, during which the
		/// patient (or a threshold of guardians) can cancel it; days in production. A chain's
		/// genesis may set a shorter delay (development presets do).
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type RecoveryDelay: Get<BlockNumberFor<Self>>;

		/// Blocks a recovery stays claimable after it starts; afterwards it lapses and any guardian
		/// may start a new one, so no single guardian can block recovery forever.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type RecoveryLifetime: Get<BlockNumberFor<Self>>;

		/// Longest validity, in blocks, of a registration signature.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type MaxSignedValidity: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Provides registration signatures to the benchmarks.
		#[pallet::no_default]
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId, Self::Signature>;
	}

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for identity state (patients, delegates, pseudonyms, recoveries).
		#[codec(index = 0)]
		PatientDeposit,
	}

	/// Registered patients, by patient id (the account that registered; it never changes).
	#[pallet::storage]
	pub type Patients<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, PatientInfoOf<T>, OptionQuery>;

	/// The patient id each controlling key acts for.
	#[pallet::storage]
	pub type Controllers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// Every commitment ever registered: active (with its account) or retired (tombstone).
	#[pallet::storage]
	pub type Commitments<T: Config> =
		StorageMap<_, Blake2_128Concat, Commitment, CommitmentStatus<T::AccountId, BlockNumberFor<T>>, OptionQuery>;

	/// Nonce of the next registration payload a patient may sign for a provider.
	#[pallet::storage]
	pub type RegistrationNonce<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Delegates of each patient.
	#[pallet::storage]
	pub type Delegates<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, DelegatesOf<T>, ValueQuery>;

	/// Published pseudonyms.
	#[pallet::storage]
	pub type Pseudonyms<T: Config> = StorageMap<_, Blake2_128Concat, Pseudonym, PseudonymInfoOf<T>, OptionQuery>;

	/// The pseudonym each pseudonym key controls (one per key).
	#[pallet::storage]
	pub type PseudonymKeys<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Pseudonym, OptionQuery>;

	/// Recoveries in progress, by the lost account.
	#[pallet::storage]
	pub type Recoveries<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ActiveRecoveryOf<T>, OptionQuery>;

	/// Accounts that left an identity (rotated or recovered away from, or deactivated) and the
	/// block they did: they control nothing and can never register again.
	#[pallet::storage]
	pub type RetiredAccounts<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// Pseudonyms that were retired (tombstones): never published again.
	#[pallet::storage]
	pub type RetiredPseudonyms<T: Config> = StorageMap<_, Blake2_128Concat, Pseudonym, BlockNumberFor<T>, OptionQuery>;

	#[pallet::type_value]
	pub fn DefaultRecoveryDelay<T: Config>() -> BlockNumberFor<T> {
		T::RecoveryDelay::get()
	}

	/// The recovery delay in force (the `RecoveryDelay` constant unless genesis set another).
	#[pallet::storage]
	pub type RecoveryDelayBlocks<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultRecoveryDelay<T>>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Demo patients registered at genesis, without deposit.
		pub patients: Vec<(T::AccountId, Commitment)>,
		/// A recovery delay other than the `RecoveryDelay` constant (development chains use
		/// minutes so that a recovery can be tried out; production keeps days).
		pub recovery_delay: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (who, commitment) in &self.patients {
				assert!(!Patients::<T>::contains_key(who), "duplicate genesis patient account");
				assert!(!Commitments::<T>::contains_key(commitment), "duplicate genesis commitment");
				Patients::<T>::insert(
					who,
					PatientInfo {
						commitment: *commitment,
						registered_at: Zero::zero(),
						deposit: None,
						recovery_threshold: 0,
						pending_rotation: None,
						controller: who.clone(),
					},
				);
				Controllers::<T>::insert(who, who);
				Commitments::<T>::insert(commitment, CommitmentStatus::Active(who.clone()));
			}
			if let Some(delay) = self.recovery_delay {
				assert!(!delay.is_zero() && delay < T::RecoveryLifetime::get(), "recovery delay within the lifetime");
				RecoveryDelayBlocks::<T>::put(delay);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A patient registered an identity commitment (`registered_by` is the patient or the
		/// provider that submitted the patient's signed registration).
		PatientRegistered { patient: T::AccountId, commitment: Commitment, registered_by: T::AccountId },
		/// A patient deactivated their identity; the commitment is retired for good.
		PatientDeactivated { patient: T::AccountId, commitment: Commitment, delegates_removed: u32 },
		/// A pseudonym was published for an organisation; `subject` is its pseudonym key.
		PseudonymPublished {
			pseudonym: Pseudonym,
			subject: T::AccountId,
			audience: healthchain_primitives::OrganizationId,
			link_commitment: H256,
		},
		/// A pseudonym was retired by its key, which is retired with it.
		PseudonymRetired { pseudonym: Pseudonym, subject: T::AccountId },
		/// A patient named (or re-scoped) a delegate.
		DelegateAdded {
			patient: T::AccountId,
			delegate: T::AccountId,
			role: DelegateRole,
			scope: DelegateScope,
			expires_at: Option<BlockNumberFor<T>>,
		},
		/// A delegate was removed.
		DelegateRemoved { patient: T::AccountId, delegate: T::AccountId },
		/// A patient set how many guardians must approve a recovery.
		RecoveryThresholdSet { patient: T::AccountId, threshold: u8 },
		/// A patient proposed moving their identity to a new account.
		RotationProposed { patient: T::AccountId, new_account: T::AccountId },
		/// An identity moved to a new key; `patient` (its id), its consents, anchors, logs,
		/// delegates and pseudonyms stay, `from` is retired for good.
		IdentityMoved {
			patient: T::AccountId,
			from: T::AccountId,
			to: T::AccountId,
			commitment: Commitment,
			reason: MoveReason,
		},
		/// A guardian started recovering a patient's identity to a new account.
		RecoveryInitiated {
			lost: T::AccountId,
			new_account: T::AccountId,
			initiator: T::AccountId,
			claimable_at: BlockNumberFor<T>,
		},
		/// A guardian approved a recovery.
		RecoveryApproved { lost: T::AccountId, guardian: T::AccountId, approvals: u32 },
		/// A recovery of the identity was cancelled, by the patient or by `threshold` guardians.
		RecoveryCancelled { lost: T::AccountId, by: T::AccountId },
		/// A guardian voted to cancel a recovery in progress.
		RecoveryCancellationVoted { lost: T::AccountId, guardian: T::AccountId, votes: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account already has an active identity.
		AlreadyRegistered,
		/// The commitment is in use by another account.
		CommitmentInUse,
		/// The commitment was retired and can never be registered again.
		CommitmentRetired,
		/// The account has no active identity.
		NotRegistered,
		/// The registration signature does not verify against the patient's account.
		BadSignature,
		/// The registration signature expired.
		SignatureExpired,
		/// The registration signature's expiry is further away than `MaxSignedValidity`.
		ValidityTooLong,
		/// The registration payload's nonce is not the patient's current nonce.
		StaleNonce,
		/// The pseudonym is already published (or was by someone else).
		PseudonymInUse,
		/// No such pseudonym.
		UnknownPseudonym,
		/// Only the pseudonym's key may do this.
		NotPseudonymController,
		/// A pseudonym key must be fresh: it is a patient id, controls an identity, or already
		/// keys another pseudonym.
		PseudonymKeyInUse,
		/// A patient cannot be their own delegate.
		SelfDelegation,
		/// The scope names no action.
		InvalidScope,
		/// The expiry block is already past.
		ExpiryInPast,
		/// The patient has `MaxDelegates` delegates already.
		TooManyDelegates,
		/// No such delegate.
		UnknownDelegate,
		/// The threshold exceeds `MaxGuardianApprovals` or the number of guardians.
		InvalidThreshold,
		/// The new account already has an identity, or is the same account.
		InvalidNewAccount,
		/// No rotation to this account was proposed.
		NoPendingRotation,
		/// The caller is not a valid guardian (delegate with `Recovery` scope) of the patient.
		NotGuardian,
		/// The patient has not enabled recovery (threshold 0).
		RecoveryNotEnabled,
		/// A recovery is already in progress for this patient.
		RecoveryInProgress,
		/// No recovery is in progress for this patient.
		NoRecovery,
		/// This guardian already approved.
		AlreadyApproved,
		/// The recovery delay has not passed yet.
		RecoveryDelayNotPassed,
		/// Not enough guardians approved yet.
		ThresholdNotReached,
		/// Only the recovery's new account may claim it.
		NotRecoveryAccount,
		/// The account left an identity before (rotated, recovered away from or deactivated) and
		/// can never hold one again.
		AccountRetired,
		/// The pseudonym was retired and can never be published again.
		PseudonymRetired,
		/// The recovery lapsed (`RecoveryLifetime` passed); start a new one.
		RecoveryExpired,
		/// Only the patient or a guardian named when the recovery started may cancel it.
		NotAllowedToCancel,
		/// This guardian already voted to cancel.
		AlreadyVoted,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxDelegates::get() > 0, "MaxDelegates must be positive");
			assert!(
				T::MaxGuardianApprovals::get() > 0 && T::MaxGuardianApprovals::get() <= u8::MAX as u32,
				"MaxGuardianApprovals must be in 1..=255"
			);
			assert!(!T::RecoveryDelay::get().is_zero(), "RecoveryDelay must be positive");
			assert!(
				T::RecoveryDelay::get() < T::RecoveryLifetime::get(),
				"a recovery must be claimable before it lapses"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register the caller as a patient with a salted identity `commitment`.
		///
		/// - Origin: signed by the patient.
		/// - Checks: the caller has no active identity; the commitment is neither in use nor
		///   retired; the caller can pay the deposit.
		/// - Emits: `PatientRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register())]
		pub fn register(origin: OriginFor<T>, commitment: Commitment) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register(who.clone(), commitment, who)
		}

		/// Register `patient` on their behalf, with their signature over a
		/// [`RegistrationPayload`] naming the caller as provider.
		///
		/// - Origin: signed by the provider, who pays the deposit.
		/// - Checks: the signature has not expired (`expires_at`, the first block it is refused) and
		///   does not live longer than `MaxSignedValidity`; the payload's
		///   nonce is the patient's current one; the signature verifies; then as [`Self::register`].
		/// - Emits: `PatientRegistered` with `registered_by` = the provider.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_for())]
		pub fn register_for(
			origin: OriginFor<T>,
			patient: T::AccountId,
			commitment: Commitment,
			nonce: u32,
			expires_at: BlockNumberFor<T>,
			signature: T::Signature,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(!is_expired(&expires_at, &now), Error::<T>::SignatureExpired);
			ensure!(expires_at <= now.saturating_add(T::MaxSignedValidity::get()), Error::<T>::ValidityTooLong);
			ensure!(nonce == RegistrationNonce::<T>::get(&patient), Error::<T>::StaleNonce);
			let payload = Self::registration_payload(&patient, commitment, &provider, nonce, expires_at);
			ensure!(signature.verify(&payload.encode()[..], &patient), Error::<T>::BadSignature);
			Self::do_register(patient.clone(), commitment, provider)?;
			RegistrationNonce::<T>::insert(&patient, nonce.saturating_add(1));
			Ok(())
		}

		/// Deactivate the caller's identity. The commitment and the account become tombstones
		/// (never reusable), delegates and any recovery in progress are removed and this pallet's
		/// deposits are released. Pseudonyms are not linked to the identity on chain, so the
		/// patient's wallet retires them with their keys ([`Pallet::retire_pseudonym`]). Consents and
		/// research opt-ins stop counting at once (they require an active patient); their deposits
		/// come back when they are revoked or reaped.
		///
		/// - Origin: signed by the key that controls the identity.
		/// - Checks: the caller controls an active identity.
		/// - Emits: `PatientDeactivated`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::deactivate(T::MaxDelegates::get()))]
		pub fn deactivate(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let key = ensure_signed(origin)?;
			let (who, info) = Self::controlled_by(&key)?;
			let delegates = Delegates::<T>::take(&who);
			let removed = delegates.len() as u32;
			for d in delegates {
				d.deposit.release();
			}
			if let Some(r) = Recoveries::<T>::take(&who) {
				r.deposit.release();
			}
			if let Some(dep) = info.deposit {
				dep.release();
			}
			Patients::<T>::remove(&who);
			Controllers::<T>::remove(&key);
			let now = frame_system::Pallet::<T>::block_number();
			Commitments::<T>::insert(info.commitment, CommitmentStatus::Retired(now));
			RetiredAccounts::<T>::insert(&key, now);
			RetiredAccounts::<T>::insert(&who, now);
			Self::deposit_event(Event::PatientDeactivated {
				patient: who,
				commitment: info.commitment,
				delegates_removed: removed,
			});
			Ok(Some(T::WeightInfo::deactivate(removed)).into())
		}

		/// Publish a pseudonym under which organisation `audience` anchors records about the
		/// patient. The caller is the pseudonym key (derived by the patient's wallet for this
		/// organisation alone): it becomes the pseudonym's consent subject, so the consents it
		/// grants govern every anchor and access under the pseudonym. `link_commitment` is
		/// [`types::pseudonym_link`] of the patient's commitment, the pseudonym and a secret link
		/// salt; nothing else relates the pseudonym to the patient (see the crate docs).
		///
		/// - Origin: signed by the pseudonym key, which pays the deposit.
		/// - Checks: the key is fresh (not a patient id, not a controlling key, not another
		///   pseudonym's key, never retired); the pseudonym was never published or retired.
		/// - Emits: `PseudonymPublished`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::publish_pseudonym())]
		pub fn publish_pseudonym(
			origin: OriginFor<T>,
			pseudonym: Pseudonym,
			audience: healthchain_primitives::OrganizationId,
			link_commitment: H256,
		) -> DispatchResult {
			let key = ensure_signed(origin)?;
			ensure!(!RetiredAccounts::<T>::contains_key(&key), Error::<T>::AccountRetired);
			ensure!(Self::is_free(&key), Error::<T>::PseudonymKeyInUse);
			ensure!(!RetiredPseudonyms::<T>::contains_key(pseudonym), Error::<T>::PseudonymRetired);
			ensure!(!Pseudonyms::<T>::contains_key(pseudonym), Error::<T>::PseudonymInUse);
			let deposit = Self::hold(&key, Footprint::from_mel::<PseudonymInfoOf<T>>())?;
			let info = PseudonymInfo {
				subject: key.clone(),
				audience,
				link_commitment,
				published_at: frame_system::Pallet::<T>::block_number(),
				deposit,
			};
			Pseudonyms::<T>::insert(pseudonym, info);
			PseudonymKeys::<T>::insert(&key, pseudonym);
			Self::deposit_event(Event::PseudonymPublished { pseudonym, subject: key, audience, link_commitment });
			Ok(())
		}

		/// Retire a pseudonym for good: the pseudonym and its key become tombstones (nobody
		/// publishes the pseudonym again, the key controls nothing again), its consents stop
		/// counting and its deposit is released. Anchors made under it stay verifiable.
		///
		/// - Origin: signed by the pseudonym key.
		/// - Checks: the pseudonym exists and the caller is its key.
		/// - Emits: `PseudonymRetired`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::retire_pseudonym())]
		pub fn retire_pseudonym(origin: OriginFor<T>, pseudonym: Pseudonym) -> DispatchResult {
			let key = ensure_signed(origin)?;
			let info = Pseudonyms::<T>::get(pseudonym).ok_or(Error::<T>::UnknownPseudonym)?;
			ensure!(info.subject == key, Error::<T>::NotPseudonymController);
			Self::retire(pseudonym, info);
			Ok(())
		}

		/// Name `delegate` with a `role`, a `scope` (a [`DelegateScope`]: the [`DelegateAction`]s it allows) and optionally
		/// `expires_at`, the first block the delegation is no longer in force (the convention of
		/// [`healthchain_primitives::Validity`]). Naming an existing delegate again replaces their
		/// role, scope and expiry.
		///
		/// - Origin: signed by the patient, who pays the deposit for a new entry.
		/// - Checks: the caller is an active patient; the delegate is not the caller; the scope is
		///   valid; the expiry is not past; fewer than `MaxDelegates` delegates.
		/// - Emits: `DelegateAdded`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::add_delegate())]
		pub fn add_delegate(
			origin: OriginFor<T>,
			delegate: T::AccountId,
			role: DelegateRole,
			scope: DelegateScope,
			expires_at: Option<BlockNumberFor<T>>,
		) -> DispatchResult {
			let key = ensure_signed(origin)?;
			let (who, _) = Self::controlled_by(&key)?;
			ensure!(delegate != who && delegate != key, Error::<T>::SelfDelegation);
			ensure!(!scope.is_empty(), Error::<T>::InvalidScope);
			let now = frame_system::Pallet::<T>::block_number();
			if let Some(e) = expires_at {
				ensure!(!is_expired(&e, &now), Error::<T>::ExpiryInPast);
			}
			let mut delegates = Delegates::<T>::get(&who);
			if let Some(existing) = delegates.iter_mut().find(|d| d.account == delegate) {
				existing.role = role;
				existing.scope = scope;
				existing.expires_at = expires_at;
			} else {
				ensure!((delegates.len() as u32) < T::MaxDelegates::get(), Error::<T>::TooManyDelegates);
				let deposit = Self::hold(&key, Footprint::from_mel::<DelegateOf<T>>())?;
				delegates
					.try_push(Delegate { account: delegate.clone(), role, scope, expires_at, deposit })
					.map_err(|_| Error::<T>::TooManyDelegates)?;
			}
			Delegates::<T>::insert(&who, delegates);
			Self::deposit_event(Event::DelegateAdded { patient: who, delegate, role, scope, expires_at });
			Ok(())
		}

		/// Remove a delegate; their entry's deposit is released.
		///
		/// - Origin: signed by the key that controls `patient`'s identity, or by the delegate
		///   themself (renouncing).
		/// - Checks: the delegate exists for `patient`.
		/// - Emits: `DelegateRemoved`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_delegate())]
		pub fn remove_delegate(origin: OriginFor<T>, patient: T::AccountId, delegate: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Self::is_controller(&who, &patient) || who == delegate, DispatchError::BadOrigin);
			let mut delegates = Delegates::<T>::get(&patient);
			let pos = delegates
				.iter()
				.position(|d| d.account == delegate)
				.ok_or(Error::<T>::UnknownDelegate)?;
			let removed = delegates.remove(pos);
			let threshold = Patients::<T>::get(&patient).map(|p| p.recovery_threshold).unwrap_or(0);
			let guardians_left = delegates.iter().filter(|d| d.scope.contains(DelegateAction::Recovery)).count() as u32;
			removed.deposit.release();
			if delegates.is_empty() {
				Delegates::<T>::remove(&patient);
			} else {
				Delegates::<T>::insert(&patient, delegates);
			}
			// Keep the threshold reachable: never above the number of guardians left.
			if u32::from(threshold) > guardians_left {
				Patients::<T>::mutate(&patient, |p| {
					if let Some(p) = p {
						p.recovery_threshold = guardians_left as u8;
					}
				});
				Self::deposit_event(Event::RecoveryThresholdSet {
					patient: patient.clone(),
					threshold: guardians_left as u8,
				});
			}
			Self::deposit_event(Event::DelegateRemoved { patient, delegate });
			Ok(())
		}

		/// Set how many guardians must approve a recovery (0 disables recovery).
		///
		/// - Origin: signed by the patient.
		/// - Checks: the caller is an active patient; the threshold is at most
		///   `MaxGuardianApprovals` and at most the number of current guardians.
		/// - Emits: `RecoveryThresholdSet`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_recovery_threshold())]
		pub fn set_recovery_threshold(origin: OriginFor<T>, threshold: u8) -> DispatchResult {
			let key = ensure_signed(origin)?;
			let (who, mut info) = Self::controlled_by(&key)?;
			let guardians = Delegates::<T>::get(&who)
				.iter()
				.filter(|d| d.scope.contains(DelegateAction::Recovery))
				.count() as u32;
			ensure!(
				u32::from(threshold) <= T::MaxGuardianApprovals::get() && u32::from(threshold) <= guardians,
				Error::<T>::InvalidThreshold
			);
			info.recovery_threshold = threshold;
			Patients::<T>::insert(&who, info);
			Self::deposit_event(Event::RecoveryThresholdSet { patient: who, threshold });
			Ok(())
		}

		/// Propose moving the caller's identity to the key `new_account`, which completes the move
		/// with [`Self::accept_rotation`]. Proposing again replaces the earlier proposal.
		///
		/// - Origin: signed by the key that controls the identity.
		/// - Checks: the caller controls an active identity; `new_account` neither holds nor
		///   controls an identity and never left one.
		/// - Emits: `RotationProposed`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::rotate_key())]
		pub fn rotate_key(origin: OriginFor<T>, new_account: T::AccountId) -> DispatchResult {
			let key = ensure_signed(origin)?;
			let (who, mut info) = Self::controlled_by(&key)?;
			ensure!(Self::is_free(&new_account), Error::<T>::InvalidNewAccount);
			ensure!(!RetiredAccounts::<T>::contains_key(&new_account), Error::<T>::AccountRetired);
			info.pending_rotation = Some(new_account.clone());
			Patients::<T>::insert(&who, info);
			Self::deposit_event(Event::RotationProposed { patient: who, new_account });
			Ok(())
		}

		/// Accept control of the identity of patient `old_account` (the patient id), whose key
		/// proposed the caller. The identity keeps its id, and with it its consents, anchors,
		/// logs, delegates and pseudonyms; the old key is retired; any recovery in progress is
		/// cancelled. Deposits stay held from whoever paid them.
		///
		/// - Origin: signed by the new key.
		/// - Checks: the identity's key proposed exactly the caller; the caller neither holds nor
		///   controls an identity and never left one.
		/// - Emits: `IdentityMoved` with reason `Rotation`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::accept_rotation())]
		pub fn accept_rotation(origin: OriginFor<T>, old_account: T::AccountId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let info = Patients::<T>::get(&old_account).ok_or(Error::<T>::NotRegistered)?;
			ensure!(info.pending_rotation.as_ref() == Some(&who), Error::<T>::NoPendingRotation);
			ensure!(Self::is_free(&who), Error::<T>::InvalidNewAccount);
			ensure!(!RetiredAccounts::<T>::contains_key(&who), Error::<T>::AccountRetired);
			if let Some(r) = Recoveries::<T>::take(&old_account) {
				r.deposit.release();
			}
			Self::move_identity(&old_account, &who, info, MoveReason::Rotation);
			Ok(().into())
		}

		/// Start recovering `lost`'s identity to `new_account`; counts as the caller's approval.
		/// The patient's guardians and threshold at this moment are the ones that count for this
		/// recovery. A lapsed recovery (past `RecoveryLifetime`) is replaced.
		///
		/// - Origin: signed by a guardian of `lost` (a valid delegate with `Recovery` scope), who
		///   pays a deposit returned when the recovery ends.
		/// - Checks: `lost` is an active patient with recovery enabled; no live recovery in
		///   progress; `new_account` has no identity and never left one.
		/// - Emits: `RecoveryInitiated`, `RecoveryApproved`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::initiate_recovery())]
		pub fn initiate_recovery(
			origin: OriginFor<T>,
			lost: T::AccountId,
			new_account: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Patients::<T>::get(&lost).ok_or(Error::<T>::NotRegistered)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(Self::is_guardian(&who, &lost, now), Error::<T>::NotGuardian);
			ensure!(info.recovery_threshold > 0, Error::<T>::RecoveryNotEnabled);
			let lapsed = Recoveries::<T>::get(&lost);
			ensure!(lapsed.as_ref().is_none_or(|r| now >= r.expires_at), Error::<T>::RecoveryInProgress);
			ensure!(Self::is_free(&new_account), Error::<T>::InvalidNewAccount);
			ensure!(!RetiredAccounts::<T>::contains_key(&new_account), Error::<T>::AccountRetired);
			let guardians = Self::valid_guardians(&lost, now);
			let mut approvals = BoundedVec::<T::AccountId, T::MaxGuardianApprovals>::new();
			approvals.try_push(who.clone()).map_err(|_| Error::<T>::InvalidThreshold)?;
			let claimable_at = now.saturating_add(RecoveryDelayBlocks::<T>::get());
			let expires_at = now.saturating_add(T::RecoveryLifetime::get());
			let deposit = Self::hold(&who, Footprint::from_mel::<ActiveRecoveryOf<T>>())?;
			if let Some(old) = lapsed {
				old.deposit.release();
			}
			Recoveries::<T>::insert(
				&lost,
				ActiveRecovery {
					new_account: new_account.clone(),
					claimable_at,
					expires_at,
					threshold: info.recovery_threshold,
					guardians,
					approvals,
					cancellations: Default::default(),
					deposit,
				},
			);
			Self::deposit_event(Event::RecoveryInitiated {
				lost: lost.clone(),
				new_account,
				initiator: who.clone(),
				claimable_at,
			});
			Self::deposit_event(Event::RecoveryApproved { lost, guardian: who, approvals: 1 });
			Ok(())
		}

		/// Approve the recovery of `lost` in progress.
		///
		/// - Origin: signed by a guardian of `lost` who was one when the recovery started.
		/// - Checks: a recovery is in progress and has not lapsed; the caller has not approved it
		///   yet.
		/// - Emits: `RecoveryApproved` with the approval count.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::approve_recovery())]
		pub fn approve_recovery(origin: OriginFor<T>, lost: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut recovery = Recoveries::<T>::get(&lost).ok_or(Error::<T>::NoRecovery)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now < recovery.expires_at, Error::<T>::RecoveryExpired);
			ensure!(recovery.guardians.contains(&who) && Self::is_guardian(&who, &lost, now), Error::<T>::NotGuardian);
			ensure!(!recovery.approvals.contains(&who), Error::<T>::AlreadyApproved);
			recovery
				.approvals
				.try_push(who.clone())
				.map_err(|_| Error::<T>::InvalidThreshold)?;
			let approvals = recovery.approvals.len() as u32;
			Recoveries::<T>::insert(&lost, recovery);
			Self::deposit_event(Event::RecoveryApproved { lost, guardian: who, approvals });
			Ok(())
		}

		/// Cancel a recovery of `lost`'s identity: at once if the patient asks (the key was not
		/// lost after all), or once `threshold` of the guardians named when it started vote so
		/// (a rogue guardian's recovery cannot hold the identity hostage). The initiator's
		/// deposit is released.
		///
		/// - Origin: signed by the key that controls `lost`'s identity, or by a guardian named when
		///   the recovery started who is still a valid guardian.
		/// - Checks: a recovery is in progress; a guardian votes once.
		/// - Emits: `RecoveryCancellationVoted` for a guardian's vote; `RecoveryCancelled` when it
		///   is cancelled.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::cancel_recovery())]
		pub fn cancel_recovery(origin: OriginFor<T>, lost: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut recovery = Recoveries::<T>::get(&lost).ok_or(Error::<T>::NoRecovery)?;
			let now = frame_system::Pallet::<T>::block_number();
			if !Self::is_controller(&who, &lost) {
				ensure!(
					recovery.guardians.contains(&who) && Self::is_guardian(&who, &lost, now),
					Error::<T>::NotAllowedToCancel
				);
				ensure!(!recovery.cancellations.contains(&who), Error::<T>::AlreadyVoted);
				recovery
					.cancellations
					.try_push(who.clone())
					.map_err(|_| Error::<T>::AlreadyVoted)?;
				let votes = Self::valid_votes(&recovery.cancellations, &lost, now);
				if votes < u32::from(recovery.threshold) {
					Recoveries::<T>::insert(&lost, recovery);
					Self::deposit_event(Event::RecoveryCancellationVoted { lost, guardian: who, votes });
					return Ok(());
				}
				Self::deposit_event(Event::RecoveryCancellationVoted {
					lost: lost.clone(),
					guardian: who.clone(),
					votes,
				});
			}
			recovery.deposit.release();
			Recoveries::<T>::remove(&lost);
			Self::deposit_event(Event::RecoveryCancelled { lost, by: who });
			Ok(())
		}

		/// Complete the recovery of patient `lost`: the caller becomes the key that controls the
		/// identity, which keeps its id, consents, anchors, logs, delegates and pseudonyms; the
		/// lost key is retired for good.
		///
		/// - Origin: signed by the recovery's new account.
		/// - Checks: a recovery is in progress naming the caller; the delay has passed and the
		///   recovery has not lapsed; at least the threshold fixed when it started of the guardians
		///   named then approved and are still valid guardians now; the caller has no identity.
		/// - Emits: `IdentityMoved` with reason `Recovery`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::claim_recovery())]
		pub fn claim_recovery(origin: OriginFor<T>, lost: T::AccountId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let recovery = Recoveries::<T>::get(&lost).ok_or(Error::<T>::NoRecovery)?;
			ensure!(recovery.new_account == who, Error::<T>::NotRecoveryAccount);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= recovery.claimable_at, Error::<T>::RecoveryDelayNotPassed);
			ensure!(now < recovery.expires_at, Error::<T>::RecoveryExpired);
			let info = Patients::<T>::get(&lost).ok_or(Error::<T>::NotRegistered)?;
			let valid: u32 = recovery
				.approvals
				.iter()
				.filter(|a| recovery.guardians.contains(a) && Self::is_guardian(a, &lost, now))
				.count() as u32;
			ensure!(recovery.threshold > 0 && valid >= u32::from(recovery.threshold), Error::<T>::ThresholdNotReached);
			ensure!(Self::is_free(&who), Error::<T>::InvalidNewAccount);
			ensure!(!RetiredAccounts::<T>::contains_key(&who), Error::<T>::AccountRetired);
			recovery.deposit.release();
			Recoveries::<T>::remove(&lost);
			Self::move_identity(&lost, &who, info, MoveReason::Recovery);
			Ok(().into())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Whether `salt` and `identifiers` open patient `patient`'s active commitment, bound to the
	/// patient id ([`types::identity_commitment`]): what a hospital checks when a patient proves
	/// who they are at the desk. A commitment someone copied never opens for them.
	pub fn opens_commitment(patient: &T::AccountId, salt: &[u8; 32], identifiers: &[u8]) -> bool {
		Patients::<T>::get(patient).is_some_and(|p| p.commitment == identity_commitment(salt, identifiers, patient))
	}

	/// The payload the patient signs for [`Pallet::register_for`].
	pub fn registration_payload(
		patient: &T::AccountId,
		commitment: Commitment,
		provider: &T::AccountId,
		nonce: u32,
		expires_at: BlockNumberFor<T>,
	) -> RegistrationPayloadOf<T> {
		RegistrationPayload {
			tag: REGISTRATION_TAG,
			genesis_hash: frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()),
			patient: patient.clone(),
			commitment,
			provider: provider.clone(),
			nonce,
			expires_at,
		}
	}

	/// Whether `link_commitment` of `pseudonym` opens to `commitment` with `link_salt`.
	pub fn verify_pseudonym_link(pseudonym: &Pseudonym, commitment: &Commitment, link_salt: &[u8; 32]) -> bool {
		Pseudonyms::<T>::get(pseudonym)
			.is_some_and(|p| p.link_commitment == pseudonym_link(commitment, pseudonym, link_salt))
	}

	fn do_register(who: T::AccountId, commitment: Commitment, payer: T::AccountId) -> DispatchResult {
		ensure!(Self::is_free(&who), Error::<T>::AlreadyRegistered);
		ensure!(!RetiredAccounts::<T>::contains_key(&who), Error::<T>::AccountRetired);
		match Commitments::<T>::get(commitment) {
			Some(CommitmentStatus::Active(_)) => return Err(Error::<T>::CommitmentInUse.into()),
			Some(CommitmentStatus::Retired(_)) => return Err(Error::<T>::CommitmentRetired.into()),
			None => {},
		}
		let deposit = Self::hold(&payer, Footprint::from_mel::<PatientInfoOf<T>>())?;
		let registered_at = frame_system::Pallet::<T>::block_number();
		Patients::<T>::insert(
			&who,
			PatientInfo {
				commitment,
				registered_at,
				deposit: Some(deposit),
				recovery_threshold: 0,
				pending_rotation: None,
				controller: who.clone(),
			},
		);
		Controllers::<T>::insert(&who, &who);
		Commitments::<T>::insert(commitment, CommitmentStatus::Active(who.clone()));
		Self::deposit_event(Event::PatientRegistered { patient: who, commitment, registered_by: payer });
		Ok(())
	}

	/// Hand patient `id`'s identity to the key `to`; the key that controlled it is retired.
	fn move_identity(id: &T::AccountId, to: &T::AccountId, mut info: PatientInfoOf<T>, reason: MoveReason) {
		let from = core::mem::replace(&mut info.controller, to.clone());
		info.pending_rotation = None;
		let mut delegates = Delegates::<T>::take(id);
		// The new key cannot be the identity's own delegate.
		if let Some(pos) = delegates.iter().position(|d| &d.account == to) {
			let d = delegates.remove(pos);
			d.deposit.release();
		}
		let guardians = delegates.iter().filter(|d| d.scope.contains(DelegateAction::Recovery)).count() as u32;
		if u32::from(info.recovery_threshold) > guardians {
			info.recovery_threshold = guardians as u8;
		}
		if !delegates.is_empty() {
			Delegates::<T>::insert(id, delegates);
		}
		let commitment = info.commitment;
		Patients::<T>::insert(id, info);
		Controllers::<T>::remove(&from);
		Controllers::<T>::insert(to, id);
		RetiredAccounts::<T>::insert(&from, frame_system::Pallet::<T>::block_number());
		Self::deposit_event(Event::IdentityMoved { patient: id.clone(), from, to: to.clone(), commitment, reason });
	}

	/// The patient id and identity the key `key` controls.
	fn controlled_by(key: &T::AccountId) -> Result<(T::AccountId, PatientInfoOf<T>), DispatchError> {
		let id = Controllers::<T>::get(key).ok_or(Error::<T>::NotRegistered)?;
		let info = Patients::<T>::get(&id).ok_or(Error::<T>::NotRegistered)?;
		Ok((id, info))
	}

	/// Whether `key` controls patient `id`'s identity now.
	fn is_controller(key: &T::AccountId, id: &T::AccountId) -> bool {
		Patients::<T>::get(id).is_some_and(|p| &p.controller == key)
	}

	/// Whether `account` neither is a patient id, nor controls an identity, nor keys a pseudonym.
	fn is_free(account: &T::AccountId) -> bool {
		!Patients::<T>::contains_key(account)
			&& !Controllers::<T>::contains_key(account)
			&& !PseudonymKeys::<T>::contains_key(account)
	}

	/// Release a deposit of this pallet (used by migrations that end stale items).
	/// The valid guardians (delegates with `Recovery` scope, not expired) of `patient` at `now`.
	pub(crate) fn valid_guardians(
		patient: &T::AccountId,
		now: BlockNumberFor<T>,
	) -> BoundedVec<T::AccountId, T::MaxDelegates> {
		BoundedVec::truncate_from(
			Delegates::<T>::get(patient)
				.into_iter()
				.filter(|d| d.scope.contains(DelegateAction::Recovery) && d.is_valid_at(&now))
				.map(|d| d.account)
				.collect(),
		)
	}

	/// How many of `voters` are valid guardians of `patient` at `now`.
	fn valid_votes(voters: &[T::AccountId], patient: &T::AccountId, now: BlockNumberFor<T>) -> u32 {
		voters.iter().filter(|v| Self::is_guardian(v, patient, now)).count() as u32
	}

	/// Retire `pseudonym` and its key for good and release its deposit.
	pub(crate) fn retire(pseudonym: Pseudonym, info: PseudonymInfoOf<T>) {
		let now = frame_system::Pallet::<T>::block_number();
		Pseudonyms::<T>::remove(pseudonym);
		if PseudonymKeys::<T>::get(&info.subject) == Some(pseudonym) {
			PseudonymKeys::<T>::remove(&info.subject);
			RetiredAccounts::<T>::insert(&info.subject, now);
		}
		RetiredPseudonyms::<T>::insert(pseudonym, now);
		info.deposit.release();
		Self::deposit_event(Event::PseudonymRetired { pseudonym, subject: info.subject });
	}

	fn is_guardian(who: &T::AccountId, patient: &T::AccountId, now: BlockNumberFor<T>) -> bool {
		Delegates::<T>::get(patient)
			.iter()
			.any(|d| &d.account == who && d.scope.contains(DelegateAction::Recovery) && d.is_valid_at(&now))
	}

	fn hold(who: &T::AccountId, footprint: Footprint) -> Result<DepositOf<T>, DispatchError> {
		Deposit::take(who.clone(), footprint)
	}
}

impl<T: Config> PatientRegistry<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn is_active_patient(who: &T::AccountId) -> bool {
		Patients::<T>::contains_key(who)
	}

	fn commitment_of(who: &T::AccountId) -> Option<Commitment> {
		Patients::<T>::get(who).map(|p| p.commitment)
	}

	fn is_active_subject(who: &T::AccountId) -> bool {
		Patients::<T>::contains_key(who) || PseudonymKeys::<T>::contains_key(who)
	}

	fn controller_of(subject: &T::AccountId) -> Option<T::AccountId> {
		match Patients::<T>::get(subject) {
			Some(p) => Some(p.controller),
			None => PseudonymKeys::<T>::contains_key(subject).then(|| subject.clone()),
		}
	}

	fn resolve_pseudonym(pseudonym: &Pseudonym) -> Option<T::AccountId> {
		Pseudonyms::<T>::get(pseudonym).map(|p| p.subject)
	}

	fn pseudonym_audience(pseudonym: &Pseudonym) -> Option<healthchain_primitives::OrganizationId> {
		Pseudonyms::<T>::get(pseudonym).map(|p| p.audience)
	}

	fn may_act_for(
		agent: &T::AccountId,
		patient: &T::AccountId,
		action: DelegateAction,
		now: BlockNumberFor<T>,
	) -> bool {
		if !Patients::<T>::contains_key(patient) {
			// A pseudonym key acts for its own subject only: it has no delegates.
			return agent == patient && PseudonymKeys::<T>::contains_key(patient);
		}
		Self::is_controller(agent, patient)
			|| Delegates::<T>::get(patient)
				.iter()
				.any(|d| &d.account == agent && d.scope.contains(action) && d.is_valid_at(&now))
	}

	fn delegates_with(patient: &T::AccountId, action: DelegateAction, now: BlockNumberFor<T>) -> Vec<T::AccountId> {
		Delegates::<T>::get(patient)
			.into_iter()
			.filter(|d| d.scope.contains(action) && d.is_valid_at(&now))
			.map(|d| d.account)
			.collect()
	}
}
