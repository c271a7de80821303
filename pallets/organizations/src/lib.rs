//! # Organisations Pallet
//!
//! The Healthchain consortium's directory: which hospitals, clinics, laboratories, imaging centres,
//! pharmacies, insurers, research institutions, auditors and regulators take part, whether each is
//! in good standing, and which accounts (practitioners and systems) act for it, in which role.
//!
//! ## Terminology
//!
//! - `organisation`: a consortium member with an on-chain id ([`OrganizationId`]), a kind
//!   ([`OrganizationKind`]), a status ([`OrganizationStatus`]: active, suspended, retired), an
//!   administrator account and the hash of its public registration document.
//! - `governance`: the origin that admits, suspends, reinstates and retires organisations — in the
//!   runtime, a majority of the consortium council.
//! - `member`: an account acting for one organisation with a [`MemberRole`] (physician, nurse,
//!   pharmacist, claims officer, researcher, privacy officer, system, …). An account belongs to at
//!   most one organisation.
//! - `deposit`: held from the administrator for every member account they add, released when it
//!   is removed.
//!
//! ## Scenario: City Hospital joins and staffs its accounts
//!
//! 1. City Hospital submits its licence off-chain; a councillor proposes
//!    [`Pallet::admit`]`(admin, Hospital, hash(licence))`, the council approves and the proposal
//!    executes: the hospital gets id 7, `OrganizationAdmitted` is emitted and the admin account is
//!    its first member.
//! 2. The hospital's admin adds Dr Rivera's account as `Physician` and the EHR system's account as
//!    `System` with [`Pallet::add_member`]; a deposit is held for each.
//! 3. Other pallets now see Dr Rivera as an active physician of organisation 7 through
//!    [`OrganizationDirectory`].
//! 4. An incident is reported: the council [`Pallet::suspend`]s the hospital; its members stop
//!    passing checks at once. After remediation the council [`Pallet::reinstate`]s it.
//! 5. Dr Rivera leaves: the admin (or Dr Rivera) calls [`Pallet::remove_member`] and the deposit
//!    returns. When the hospital leaves the consortium, [`Pallet::retire`] ends its membership
//!    for good.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod try_state;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use healthchain_primitives::OrganizationDirectory;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use polkadot_sdk::{
	frame_support::{
		pallet_prelude::*,
		traits::{Consideration, Footprint},
	},
	frame_system::{self, pallet_prelude::*},
	sp_core::H256,
	sp_runtime::traits::{Saturating, Zero},
};

/// An organisation record.
pub type OrganizationOf<T> = Organization<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// A member record.
pub type MemberOf<T> =
	MemberRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>;

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Default bounds for test runtimes: `#[derive_impl(config_preludes::TestDefaultConfig)]` fills
	/// in every bound and the unit weights; a mock names only how the pallet is wired (and a bound
	/// it wants smaller).
	pub mod config_preludes {
		use super::*;
		use polkadot_sdk::frame_support::{derive_impl, traits::ConstU32};
		use polkadot_sdk::frame_system;

		/// The bounds the pallet's own tests use.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[polkadot_sdk::frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxMembers = ConstU32<10>;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// Deposit held for each member account an administrator adds.
		#[pallet::no_default]
		type Consideration: Consideration<Self::AccountId, Footprint>;

		/// Consortium governance: admits, suspends, reinstates and retires organisations.
		#[pallet::no_default]
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Maximum member accounts of one organisation (administrator included).
		#[pallet::constant]
		type MaxMembers: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for a member account.
		#[codec(index = 0)]
		MemberDeposit,
	}

	/// The id the next admitted organisation gets.
	#[pallet::storage]
	pub type NextOrganizationId<T> = StorageValue<_, OrganizationId, ValueQuery>;

	/// Organisations by id.
	#[pallet::storage]
	pub type Organizations<T: Config> = StorageMap<_, Twox64Concat, OrganizationId, OrganizationOf<T>, OptionQuery>;

	/// Member accounts of each organisation.
	#[pallet::storage]
	pub type Members<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrganizationId, Blake2_128Concat, T::AccountId, MemberOf<T>, OptionQuery>;

	/// The organisation each member account belongs to.
	#[pallet::storage]
	pub type OrganizationOfAccount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, OrganizationId, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(polkadot_sdk::frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Organisations admitted at genesis: admin, kind, registration document hash, and
		/// further members with their roles.
		pub organizations:
			alloc::vec::Vec<(T::AccountId, OrganizationKind, H256, alloc::vec::Vec<(T::AccountId, MemberRole)>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (admin, kind, doc, members) in &self.organizations {
				let id = Pallet::<T>::insert_organization(admin.clone(), *kind, *doc)
					.expect("genesis organisations are valid");
				for (who, role) in members {
					assert!(
						!OrganizationOfAccount::<T>::contains_key(who),
						"genesis member belongs to two organisations"
					);
					Members::<T>::insert(id, who, MemberRecord { role: *role, added_at: Zero::zero(), deposit: None });
					OrganizationOfAccount::<T>::insert(who, id);
					Organizations::<T>::mutate(id, |o| {
						if let Some(o) = o {
							o.member_count.saturating_inc();
						}
					});
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance admitted an organisation; its admin is its first member.
		OrganizationAdmitted {
			org: OrganizationId,
			kind: OrganizationKind,
			admin: T::AccountId,
			registration_document: H256,
		},
		/// Governance suspended an organisation.
		OrganizationSuspended { org: OrganizationId, reason: SuspensionReason },
		/// Governance reinstated a suspended organisation.
		OrganizationReinstated { org: OrganizationId },
		/// An organisation left the consortium for good.
		OrganizationRetired { org: OrganizationId },
		/// The admin updated the registration document hash.
		RegistrationDocumentUpdated { org: OrganizationId, registration_document: H256 },
		/// A member account was added.
		MemberAdded { org: OrganizationId, who: T::AccountId, role: MemberRole },
		/// A member's role changed.
		MemberRoleChanged { org: OrganizationId, who: T::AccountId, role: MemberRole },
		/// A member account was removed.
		MemberRemoved { org: OrganizationId, who: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No organisation with this id.
		UnknownOrganization,
		/// The organisation is not active.
		NotActive,
		/// The organisation is not suspended.
		NotSuspended,
		/// The organisation is retired.
		AlreadyRetired,
		/// The account already belongs to an organisation.
		AlreadyMember,
		/// The account is not a member.
		NotMember,
		/// Only the organisation's administrator may do this.
		NotAdmin,
		/// The organisation has `MaxMembers` members.
		TooManyMembers,
		/// The administrator role is not assignable; there is one administrator per organisation.
		InvalidRole,
		/// The administrator cannot be removed.
		CannotRemoveAdmin,
		/// No more organisation ids.
		IdsExhausted,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxMembers::get() > 1, "an organisation needs room for more than its admin");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admit an organisation with `admin` as its administrator (and first member).
		///
		/// - Origin: governance.
		/// - Checks: `admin` belongs to no organisation.
		/// - Emits: `OrganizationAdmitted`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::admit())]
		pub fn admit(
			origin: OriginFor<T>,
			admin: T::AccountId,
			kind: OrganizationKind,
			registration_document: H256,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let org = Self::insert_organization(admin.clone(), kind, registration_document)?;
			Self::deposit_event(Event::OrganizationAdmitted { org, kind, admin, registration_document });
			Ok(())
		}

		/// Suspend an active organisation: its members stop passing any check until reinstated.
		///
		/// - Origin: governance.
		/// - Checks: the organisation exists and is active.
		/// - Emits: `OrganizationSuspended`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, org: OrganizationId, reason: SuspensionReason) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let mut o = Organizations::<T>::get(org).ok_or(Error::<T>::UnknownOrganization)?;
			ensure!(o.status == OrganizationStatus::Active, Error::<T>::NotActive);
			o.status = OrganizationStatus::Suspended;
			Organizations::<T>::insert(org, o);
			Self::deposit_event(Event::OrganizationSuspended { org, reason });
			Ok(())
		}

		/// Reinstate a suspended organisation.
		///
		/// - Origin: governance.
		/// - Checks: the organisation exists and is suspended.
		/// - Emits: `OrganizationReinstated`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reinstate())]
		pub fn reinstate(origin: OriginFor<T>, org: OrganizationId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let mut o = Organizations::<T>::get(org).ok_or(Error::<T>::UnknownOrganization)?;
			ensure!(o.status == OrganizationStatus::Suspended, Error::<T>::NotSuspended);
			o.status = OrganizationStatus::Active;
			Organizations::<T>::insert(org, o);
			Self::deposit_event(Event::OrganizationReinstated { org });
			Ok(())
		}

		/// Retire an organisation for good. Its members stay listed (so history resolves) and
		/// can still be removed to release deposits.
		///
		/// - Origin: governance, or the organisation's administrator.
		/// - Checks: the organisation exists and is not retired.
		/// - Emits: `OrganizationRetired`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::retire())]
		pub fn retire(origin: OriginFor<T>, org: OrganizationId) -> DispatchResult {
			let mut o = Organizations::<T>::get(org);
			match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => {},
				Err(origin) => {
					let who = ensure_signed(origin)?;
					let admin = o.as_ref().map(|o| &o.admin);
					ensure!(admin == Some(&who), Error::<T>::NotAdmin);
				},
			}
			let o_ref = o.as_mut().ok_or(Error::<T>::UnknownOrganization)?;
			ensure!(o_ref.status != OrganizationStatus::Retired, Error::<T>::AlreadyRetired);
			o_ref.status = OrganizationStatus::Retired;
			Organizations::<T>::set(org, o);
			Self::deposit_event(Event::OrganizationRetired { org });
			Ok(())
		}

		/// Add a member account with a role; a deposit is held from the administrator.
		///
		/// - Origin: signed by the administrator of an active organisation.
		/// - Checks: the role is not `Administrator`; the account belongs to no organisation; the
		///   organisation has fewer than `MaxMembers` members.
		/// - Emits: `MemberAdded`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::add_member())]
		pub fn add_member(origin: OriginFor<T>, who: T::AccountId, role: MemberRole) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let (org, mut o) = Self::administered_by(&admin)?;
			ensure!(o.status == OrganizationStatus::Active, Error::<T>::NotActive);
			ensure!(role != MemberRole::Administrator, Error::<T>::InvalidRole);
			ensure!(!OrganizationOfAccount::<T>::contains_key(&who), Error::<T>::AlreadyMember);
			ensure!(o.member_count < T::MaxMembers::get(), Error::<T>::TooManyMembers);
			let deposit = Deposit::for_item::<(T::AccountId, MemberOf<T>)>(admin)?;
			o.member_count.saturating_inc();
			let added_at = frame_system::Pallet::<T>::block_number();
			Members::<T>::insert(org, &who, MemberRecord { role, added_at, deposit: Some(deposit) });
			OrganizationOfAccount::<T>::insert(&who, org);
			Organizations::<T>::insert(org, o);
			Self::deposit_event(Event::MemberAdded { org, who, role });
			Ok(())
		}

		/// Change a member's role.
		///
		/// - Origin: signed by the administrator of the member's organisation.
		/// - Checks: the account is a member (not the administrator); the role is not
		///   `Administrator`.
		/// - Emits: `MemberRoleChanged`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_member_role())]
		pub fn set_member_role(origin: OriginFor<T>, who: T::AccountId, role: MemberRole) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let (org, o) = Self::administered_by(&admin)?;
			ensure!(role != MemberRole::Administrator, Error::<T>::InvalidRole);
			ensure!(who != o.admin, Error::<T>::CannotRemoveAdmin);
			let mut m = Members::<T>::get(org, &who).ok_or(Error::<T>::NotMember)?;
			m.role = role;
			Members::<T>::insert(org, &who, m);
			Self::deposit_event(Event::MemberRoleChanged { org, who, role });
			Ok(())
		}

		/// Remove a member account; its deposit is released.
		///
		/// - Origin: signed by the organisation's administrator, or by the member (leaving).
		/// - Checks: the account is a member and not the administrator.
		/// - Emits: `MemberRemoved`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_member())]
		pub fn remove_member(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			let org = OrganizationOfAccount::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
			let mut o = Organizations::<T>::get(org).ok_or(Error::<T>::UnknownOrganization)?;
			ensure!(caller == who || caller == o.admin, Error::<T>::NotAdmin);
			ensure!(who != o.admin, Error::<T>::CannotRemoveAdmin);
			let m = Members::<T>::get(org, &who).ok_or(Error::<T>::NotMember)?;
			if let Some(deposit) = m.deposit {
				deposit.release();
			}
			o.member_count.saturating_dec();
			Members::<T>::remove(org, &who);
			OrganizationOfAccount::<T>::remove(&who);
			Organizations::<T>::insert(org, o);
			Self::deposit_event(Event::MemberRemoved { org, who });
			Ok(())
		}

		/// Replace the hash of the organisation's public registration document.
		///
		/// - Origin: signed by the organisation's administrator.
		/// - Checks: the organisation is not retired.
		/// - Emits: `RegistrationDocumentUpdated`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::update_registration_document())]
		pub fn update_registration_document(origin: OriginFor<T>, registration_document: H256) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let (org, mut o) = Self::administered_by(&admin)?;
			ensure!(o.status != OrganizationStatus::Retired, Error::<T>::AlreadyRetired);
			o.registration_document = registration_document;
			Organizations::<T>::insert(org, o);
			Self::deposit_event(Event::RegistrationDocumentUpdated { org, registration_document });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	fn insert_organization(
		admin: T::AccountId,
		kind: OrganizationKind,
		registration_document: H256,
	) -> Result<OrganizationId, DispatchError> {
		ensure!(!OrganizationOfAccount::<T>::contains_key(&admin), Error::<T>::AlreadyMember);
		let id = NextOrganizationId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		let now = frame_system::Pallet::<T>::block_number();
		NextOrganizationId::<T>::put(next);
		Organizations::<T>::insert(
			id,
			Organization {
				kind,
				status: OrganizationStatus::Active,
				admin: admin.clone(),
				registration_document,
				admitted_at: now,
				member_count: 1,
			},
		);
		Members::<T>::insert(
			id,
			&admin,
			MemberRecord { role: MemberRole::Administrator, added_at: now, deposit: None },
		);
		OrganizationOfAccount::<T>::insert(&admin, id);
		Ok(id)
	}

	fn administered_by(admin: &T::AccountId) -> Result<(OrganizationId, OrganizationOf<T>), DispatchError> {
		let org = OrganizationOfAccount::<T>::get(admin).ok_or(Error::<T>::NotAdmin)?;
		let o = Organizations::<T>::get(org).ok_or(Error::<T>::UnknownOrganization)?;
		ensure!(&o.admin == admin, Error::<T>::NotAdmin);
		Ok((org, o))
	}
}

impl<T: Config> OrganizationDirectory<T::AccountId> for Pallet<T> {
	fn organization_of(who: &T::AccountId) -> Option<OrganizationId> {
		OrganizationOfAccount::<T>::get(who)
	}

	fn role_of(who: &T::AccountId) -> Option<MemberRole> {
		let org = OrganizationOfAccount::<T>::get(who)?;
		Members::<T>::get(org, who).map(|m| m.role)
	}

	fn kind_of(org: OrganizationId) -> Option<OrganizationKind> {
		Organizations::<T>::get(org).map(|o| o.kind)
	}

	fn is_active(org: OrganizationId) -> bool {
		Organizations::<T>::get(org).is_some_and(|o| o.status == OrganizationStatus::Active)
	}
}
