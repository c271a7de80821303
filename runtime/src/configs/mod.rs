//! Pallet configurations of the Healthchain runtime.

pub mod wallets;
pub mod xcm_config;

use super::*;
use cumulus_pallet_parachain_system::RelayNumberMonotonicallyIncreases;
use cumulus_primitives_core::{AggregateMessageOrigin, ParaId};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		fungible::HoldConsideration, ConstBool, ConstU32, ConstU64, ConstU8, EitherOfDiverse, LinearStoragePrice,
		TransformOrigin,
	},
	weights::{
		constants::{BlockExecutionWeight, ExtrinsicBaseWeight, RocksDbWeight},
		ConstantMultiplier,
	},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot,
};
use parachains_common::message_queue::{NarrowOriginToSibling, ParaIdToSibling};
use polkadot_runtime_common::{xcm_sender::NoPriceForMessageDelivery, BlockHashCount, SlowAdjustingFeeUpdate};
use sp_runtime::Perbill;
use xcm_config::XcmOriginToTransactDispatchOrigin;

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational transactions have some extra reserved space, so that they
			// are included even if block reached `MAXIMUM_BLOCK_WEIGHT`.
			weights.reserved = Some(
				MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT
			);
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
	pub const SS58Prefix: u16 = 42;
}

#[derive_impl(frame_system::config_preludes::ParaChainDefaultConfig)]
impl frame_system::Config for Runtime {
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type Block = Block;
	type BlockHashCount = BlockHashCount;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type DbWeight = RocksDbWeight;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type SS58Prefix = SS58Prefix;
	type OnSetCode = cumulus_pallet_parachain_system::ParachainSetCode<Self>;
	type MaxConsumers = ConstU32<16>;
}

impl cumulus_pallet_weight_reclaim::Config for Runtime {
	type WeightInfo = ();
}

impl pallet_timestamp::Config for Runtime {
	/// A timestamp: milliseconds since the unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<0>;
	type WeightInfo = ();
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = (CollatorSelection,);
}

parameter_types! {
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = ConstU32<8>;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub const TransactionByteFee: Balance = 10 * MICROUNIT;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = pallet_transaction_payment::FungibleAdapter<Balances, ()>;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = ();
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = ();
}

// ---- Consortium council -------------------------------------------------------------------

parameter_types! {
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	pub const CouncilMaxProposals: u32 = 100;
	pub const CouncilMaxMembers: u32 = 50;
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

/// The consortium council, as an origin: a strict majority of members, or root.
pub type CouncilMajority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>,
>;
/// Two thirds of the council, or root.
pub type CouncilTwoThirds = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

pub type CouncilCollective = pallet_collective::Instance1;
impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = CouncilTwoThirds;
	type KillOrigin = CouncilTwoThirds;
	type Consideration = ();
}

impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = CouncilTwoThirds;
	type RemoveOrigin = CouncilTwoThirds;
	type SwapOrigin = CouncilTwoThirds;
	type ResetOrigin = EnsureRoot<AccountId>;
	type PrimeOrigin = CouncilTwoThirds;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = CouncilMaxMembers;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

// ---- Parachain plumbing -------------------------------------------------------------------

parameter_types! {
	pub const ReservedXcmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const ReservedDmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const RelayOrigin: AggregateMessageOrigin = AggregateMessageOrigin::Parent;
}

/// The consensus hook: velocity and unincluded-segment capacity for async backing.
pub type ConsensusHook = cumulus_pallet_aura_ext::FixedVelocityConsensusHook<
	Runtime,
	RELAY_CHAIN_SLOT_DURATION_MILLIS,
	BLOCK_PROCESSING_VELOCITY,
	UNINCLUDED_SEGMENT_CAPACITY,
>;

impl cumulus_pallet_parachain_system::Config for Runtime {
	type WeightInfo = ();
	type RuntimeEvent = RuntimeEvent;
	type OnSystemEvent = ();
	type SelfParaId = parachain_info::Pallet<Runtime>;
	type OutboundXcmpMessageSource = XcmpQueue;
	type DmpQueue = frame_support::traits::EnqueueWithOrigin<MessageQueue, RelayOrigin>;
	type ReservedDmpWeight = ReservedDmpWeight;
	type XcmpMessageHandler = XcmpQueue;
	type ReservedXcmpWeight = ReservedXcmpWeight;
	// Dev mode seals blocks against a mocked relay parent that may repeat.
	type CheckAssociatedRelayNumber = RelayNumberMonotonicallyIncreases;
	type ConsensusHook = ConsensusHook;
	type RelayParentOffset = ConstU32<0>;
	type SchedulingSignatureVerifier = ();
}

impl parachain_info::Config for Runtime {}

parameter_types! {
	pub MessageQueueServiceWeight: Weight =
		Perbill::from_percent(35) * RuntimeBlockWeights::get().max_block;
}

impl pallet_message_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type MessageProcessor = pallet_message_queue::mock_helpers::NoopMessageProcessor<AggregateMessageOrigin>;
	#[cfg(not(feature = "runtime-benchmarks"))]
	type MessageProcessor = xcm_builder::ProcessXcmMessage<
		AggregateMessageOrigin,
		xcm_executor::XcmExecutor<xcm_config::XcmConfig>,
		RuntimeCall,
	>;
	type Size = u32;
	// The XCMP queue pallet is only ever able to handle the `Sibling(ParaId)` origin:
	type QueueChangeHandler = NarrowOriginToSibling<XcmpQueue>;
	type QueuePausedQuery = NarrowOriginToSibling<XcmpQueue>;
	type HeapSize = ConstU32<{ 64 * 1024 }>;
	type MaxStale = ConstU32<8>;
	type ServiceWeight = MessageQueueServiceWeight;
	type IdleMaxServiceWeight = MessageQueueServiceWeight;
}

impl cumulus_pallet_aura_ext::Config for Runtime {}

impl cumulus_pallet_xcmp_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ChannelInfo = ParachainSystem;
	type VersionWrapper = ();
	// Enqueue XCMP messages from siblings for later processing.
	type XcmpQueue = TransformOrigin<MessageQueue, AggregateMessageOrigin, ParaId, ParaIdToSibling>;
	type MaxInboundSuspended = ConstU32<1_000>;
	type MaxActiveOutboundChannels = ConstU32<128>;
	type MaxPageSize = ConstU32<{ 1 << 16 }>;
	type ControllerOrigin = EnsureRoot<AccountId>;
	type ControllerOriginConverter = XcmOriginToTransactDispatchOrigin;
	type WeightInfo = ();
	type PriceForSiblingDelivery = NoPriceForMessageDelivery<ParaId>;
}

impl cumulus_pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type XcmExecutor = xcm_executor::XcmExecutor<xcm_config::XcmConfig>;
}

// ---- Collators ----------------------------------------------------------------------------

parameter_types! {
	/// A collator session: the set of authors changes (a joining member starts authoring) at its end.
	/// `fast-runtime` (test networks) shortens it to ten blocks, as the relay chain's own
	/// `fast-runtime` shortens its epochs.
	pub const Period: u32 = if cfg!(feature = "fast-runtime") { 10 } else { 6 * HOURS };
	pub const Offset: u32 = 0;
	pub const SessionKeyDeposit: Balance = 0;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = <Self as frame_system::Config>::AccountId;
	// we don't have stash and controller, thus we don't need the convert as well.
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ShouldEndSession = pallet_session::PeriodicSessions<Period, Offset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<Period, Offset>;
	type SessionManager = CollatorSelection;
	// Essentially just Aura, but let's be pedantic.
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<100_000>;
	// Dev mode may seal several blocks within one slot.
	type AllowMultipleBlocksPerSlot = ConstBool<true>;
	type SlotDuration = ConstU64<SLOT_DURATION>;
}

parameter_types! {
	pub const PotId: PalletId = PalletId(*b"PotStake");
}

impl pallet_collator_selection::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type UpdateOrigin = CouncilMajority;
	type PotId = PotId;
	type MaxCandidates = ConstU32<100>;
	type MinEligibleCollators = ConstU32<1>;
	type MaxInvulnerables = ConstU32<20>;
	// should be a multiple of session or things will get inconsistent
	type KickThreshold = Period;
	type ValidatorId = <Self as frame_system::Config>::AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ValidatorRegistration = Session;
	type WeightInfo = ();
}

// ---- Healthchain pallets ------------------------------------------------------------------

parameter_types! {
	pub const PatientIdentityHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::PatientIdentity(pallet_patient_identity::HoldReason::PatientDeposit);
}

/// Deposit charged for each item a patient adds to identity state (base + per byte).
pub type PatientDepositConsideration = StorageDeposit<PatientIdentityHoldReason>;

parameter_types! {
	/// Days to notice and cancel a recovery (development presets shorten it at genesis).
	pub const RecoveryDelay: BlockNumber = 3 * DAYS;
	/// A recovery lapses two weeks after it starts.
	pub const RecoveryLifetime: BlockNumber = 14 * DAYS;
}

impl pallet_patient_identity::Config for Runtime {
	type Consideration = PatientDepositConsideration;
	type Signature = Signature;
	type Signer = <Signature as Verify>::Signer;
	type MaxDelegates = ConstU32<16>;
	type MaxGuardianApprovals = ConstU32<16>;
	type RecoveryDelay = RecoveryDelay;
	type RecoveryLifetime = RecoveryLifetime;
	type MaxSignedValidity = ConstU32<DAYS>;
	type WeightInfo = pallet_patient_identity::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::PatientSigner;
}

/// On-chain id of a consortium organisation.
pub type OrganizationId = healthchain_primitives::OrganizationId;

parameter_types! {
	pub const OrganizationsHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Organizations(pallet_organizations::HoldReason::MemberDeposit);
	pub const ComplianceHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Compliance(pallet_compliance::HoldReason::AttestationDeposit);
}

/// Storage deposit (per item and per byte) held with a fungible hold for `R`.
pub type StorageDeposit<R> = HoldConsideration<
	AccountId,
	Balances,
	R,
	LinearStoragePrice<ConstU128<{ deposit(1, 0) }>, ConstU128<{ deposit(0, 1) }>, Balance>,
>;

impl pallet_organizations::Config for Runtime {
	type Consideration = StorageDeposit<OrganizationsHoldReason>;
	type GovernanceOrigin = CouncilMajority;
	type MaxMembers = ConstU32<512>;
	type WeightInfo = pallet_organizations::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const ConsentHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Consent(pallet_consent::HoldReason::ConsentDeposit);
	pub const AnchorHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::RecordAnchors(pallet_record_anchors::HoldReason::AnchorDeposit);
}

impl pallet_consent::Config for Runtime {
	type Patients = PatientIdentity;
	type Organizations = Organizations;
	type Compliance = Compliance;
	type Records = RecordAnchors;
	type Consideration = StorageDeposit<ConsentHoldReason>;
	type MaxCodes = ConstU32<16>;
	type MaxRefs = ConstU32<4>;
	type MaxExceptions = ConstU32<8>;
	type MaxConsentsPerPatient = ConstU32<64>;
	type MaxPendingRequests = ConstU32<32>;
	type MaxRequestsPerOrganization = ConstU32<4>;
	type RequestLifetime = ConstU32<{ 7 * DAYS }>;
	type MaxGrantDuration = ConstU32<{ 366 * DAYS }>;
	type MaxBreakGlassDuration = ConstU32<{ 24 * HOURS }>;
	type ReviewPeriod = ConstU32<{ 14 * DAYS }>;
	type MaxPendingReviews = ConstU32<1024>;
	type MaxOpenEpisodesPerRequester = ConstU32<4>;
	type MaxStudies = ConstU32<16>;
	type MaxNotified = ConstU32<16>;
	type AccessLogCapacity = ConstU32<256>;
	type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::RuntimeBenchmarkSetup;
}

impl pallet_record_anchors::Config for Runtime {
	type Patients = PatientIdentity;
	type Organizations = Organizations;
	type Compliance = Compliance;
	type RecordAttestations = Compliance;
	type Consent = Consent;
	type Consideration = StorageDeposit<AnchorHoldReason>;
	type MaxLabels = ConstU32<8>;
	type MaxPointerLen = ConstU32<256>;
	type MaxBatchGroups = ConstU32<500>;
	type WeightInfo = pallet_record_anchors::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::RuntimeBenchmarkSetup;
}

impl pallet_compliance::Config for Runtime {
	type Organizations = Organizations;
	type Consideration = StorageDeposit<ComplianceHoldReason>;
	type GovernanceOrigin = CouncilMajority;
	type MaxAttestationsPerSubject = ConstU32<32>;
	type MaxRequiredTypes = ConstU32<6>;
	type MaxAttestationValidity = ConstU32<{ 3 * 366 * DAYS }>;
	type WeightInfo = pallet_compliance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::RuntimeBenchmarkSetup;
}

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmark_helpers {
	use super::*;
	use alloc::vec::Vec;
	use sp_core::crypto::KeyTypeId;

	/// Admits organisations through the organisations pallet for the compliance benchmarks.
	pub struct RuntimeBenchmarkSetup;
	impl pallet_compliance::benchmarking::BenchmarkHelper<AccountId> for RuntimeBenchmarkSetup {
		fn auditor_organization(auditor: &AccountId) -> OrganizationId {
			use frame_support::traits::fungible::Mutate;
			let admin: AccountId = frame_benchmarking::account("auditor-admin", 0, 0);
			let _ = Balances::mint_into(&admin, 1_000 * UNIT);
			let _ = Balances::mint_into(auditor, 1_000 * UNIT);
			let id = pallet_organizations::NextOrganizationId::<Runtime>::get();
			let _ = Organizations::admit(
				RuntimeOrigin::root(),
				admin.clone(),
				healthchain_primitives::OrganizationKind::Auditor,
				Default::default(),
			);
			let _ = Organizations::add_member(
				RuntimeOrigin::signed(admin),
				auditor.clone(),
				healthchain_primitives::MemberRole::Auditor,
			);
			id
		}
		fn subject_organization(kind: healthchain_primitives::OrganizationKind) -> OrganizationId {
			let id = pallet_organizations::NextOrganizationId::<Runtime>::get();
			let admin: AccountId = frame_benchmarking::account("subject-admin", id, 0);
			let _ = Organizations::admit(RuntimeOrigin::root(), admin, kind, Default::default());
			id
		}
	}

	fn fund(who: &AccountId) {
		use frame_support::traits::fungible::Mutate;
		let _ = Balances::mint_into(who, 1_000_000 * UNIT);
	}

	fn commitment(tag: &[u8], index: u32) -> sp_core::H256 {
		let mut input = tag.to_vec();
		input.extend_from_slice(&index.to_le_bytes());
		sp_core::H256(sp_io::hashing::blake2_256(&input))
	}

	/// A HIPAA Security Rule attestation for `org`, by a benchmark auditor accredited for it.
	fn attest_security_rule(org: OrganizationId) {
		use healthchain_primitives::AttestationType;
		let auditor: AccountId = frame_benchmarking::account("bench-auditor", 0, 0);
		let attestor =
			<RuntimeBenchmarkSetup as pallet_compliance::benchmarking::BenchmarkHelper<AccountId>>::auditor_organization(
				&auditor,
			);
		let until = System::block_number().saturating_add(100 * DAYS);
		let _ = Compliance::accredit(RuntimeOrigin::root(), attestor, AttestationType::HipaaSecurityRule, until);
		let _ = Compliance::attest(
			RuntimeOrigin::signed(auditor),
			pallet_compliance::Subject::Organization(org),
			AttestationType::HipaaSecurityRule,
			Default::default(),
			until.saturating_sub(1),
		);
	}

	impl pallet_consent::benchmarking::BenchmarkHelper<AccountId> for RuntimeBenchmarkSetup {
		fn patient(index: u32) -> AccountId {
			let who: AccountId = frame_benchmarking::account("patient", index, 0);
			fund(&who);
			let _ = PatientIdentity::register(RuntimeOrigin::signed(who.clone()), commitment(b"bench-patient", index));
			who
		}
		fn member(
			kind: healthchain_primitives::OrganizationKind,
			role: healthchain_primitives::MemberRole,
			index: u32,
		) -> (AccountId, OrganizationId) {
			let id = pallet_organizations::NextOrganizationId::<Runtime>::get();
			let admin: AccountId = frame_benchmarking::account("org-admin", id, 0);
			let who: AccountId = frame_benchmarking::account("member", id, index);
			fund(&admin);
			fund(&who);
			let _ = Organizations::admit(RuntimeOrigin::root(), admin.clone(), kind, Default::default());
			let _ = Organizations::add_member(RuntimeOrigin::signed(admin), who.clone(), role);
			// Compliant, so that decisions about its members reach the patient's consents (the
			// worst case): the dev requirements of clinical categories ask for the Security Rule.
			attest_security_rule(id);
			(who, id)
		}
		fn privacy_officer(org: OrganizationId) -> AccountId {
			let who: AccountId = frame_benchmarking::account("privacy-officer", org, 0);
			fund(&who);
			if let Some(o) = pallet_organizations::Organizations::<Runtime>::get(org) {
				let _ = Organizations::add_member(
					RuntimeOrigin::signed(o.admin),
					who.clone(),
					healthchain_primitives::MemberRole::PrivacyOfficer,
				);
			}
			who
		}
		fn record(patient: &AccountId) -> Option<u64> {
			// The patient's own report: anchored without any consent, so that a consent can
			// reference it.
			let id = pallet_record_anchors::NextAnchorId::<Runtime>::get();
			RecordAnchors::anchor_record(
				RuntimeOrigin::signed(patient.clone()),
				pallet_record_anchors::RecordSubject::Patient(patient.clone()),
				commitment(b"bench-record", u32::try_from(id).unwrap_or(u32::MAX)),
				pallet_record_anchors::HashAlgorithm::Blake2b256,
				healthchain_primitives::RecordCategory::PatientReported,
				healthchain_primitives::FhirResourceType::QuestionnaireResponse,
				Default::default(),
				Default::default(),
				None,
				healthchain_primitives::PurposeOfUse::PATRQT,
				None,
			)
			.ok()
			.map(|_| id)
		}
	}

	impl pallet_record_anchors::benchmarking::BenchmarkHelper<AccountId> for RuntimeBenchmarkSetup {
		fn author_and_patients(n: u32) -> (AccountId, Vec<AccountId>) {
			use healthchain_primitives::{ConsentAction::*, MemberRole, OrganizationKind, RecordCategory};
			use pallet_consent::benchmarking::BenchmarkHelper as _;
			let (author, lab) = <Self as pallet_consent::benchmarking::BenchmarkHelper<AccountId>>::member(
				OrganizationKind::Laboratory,
				MemberRole::LabTechnician,
				0,
			);
			attest_security_rule(lab);
			let patients = (0..n)
				.map(|i| {
					let p = Self::patient(i);
					let _ = Consent::grant_consent(
						RuntimeOrigin::signed(p.clone()),
						p.clone(),
						pallet_consent::Grantee::Organization(lab),
						pallet_consent::Provision::over(
							pallet_consent::Decision::Permit,
							pallet_consent::Scope::of(&[Store, Amend], &[RecordCategory::LabResult], &[], &[]),
						),
						Default::default(),
						Default::default(),
						None,
						None,
						pallet_consent::EmergencyOverride::Allowed,
					);
					p
				})
				.collect();
			(author, patients)
		}
	}

	/// Signs registration payloads with a key generated in the benchmark's keystore.
	pub struct PatientSigner;
	impl pallet_patient_identity::benchmarking::BenchmarkHelper<AccountId, Signature> for PatientSigner {
		fn patient_and_signature(build_payload: &dyn Fn(&AccountId) -> Vec<u8>) -> (AccountId, Signature) {
			const KEY: KeyTypeId = KeyTypeId(*b"hcbm");
			let public = sp_io::crypto::sr25519_generate(KEY, None);
			let who: AccountId = sp_runtime::MultiSigner::Sr25519(public).into_account();
			let sig = sp_io::crypto::sr25519_sign(KEY, &public, &build_payload(&who))
				.expect("the key was just generated in the keystore");
			(who, Signature::Sr25519(sig))
		}
	}
}

use frame_support::traits::ConstU128;
