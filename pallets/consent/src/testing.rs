//! Test-runtime configuration shared by the mocks of this pallet and of the pallets built on it
//! (record anchors): System, Balances, identity, organisations, compliance and consent, with small
//! bounds.

/// Implements `frame_system`, `pallet_balances`, `pallet_patient_identity`,
/// `pallet_organizations`, `pallet_compliance` and this pallet's `Config` for a mock runtime named
/// `Test` (accounts are `u64`), with the benchmark helpers. The caller's scope must hold the mock
/// runtime's types, the imports the consent mock uses and a `ComplianceSetup` type (the compliance
/// pallet's benchmark helper); `$records` is the consent pallet's record directory.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_consent_test_configs {
	($records:ty) => {
		#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
		impl frame_system::Config for Test {
			type Block = Block;
			type AccountData = pallet_balances::AccountData<u64>;
		}

		#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
		impl pallet_balances::Config for Test {
			type AccountStore = System;
			type RuntimeHoldReason = RuntimeHoldReason;
		}

		type Price = LinearStoragePrice<ConstU64<10>, ConstU64<1>, u64>;
		parameter_types! {
			pub const IdHold: RuntimeHoldReason = RuntimeHoldReason::PatientIdentity(pallet_patient_identity::HoldReason::PatientDeposit);
			pub const OrgHold: RuntimeHoldReason = RuntimeHoldReason::Organizations(pallet_organizations::HoldReason::MemberDeposit);
			pub const ConsentHold: RuntimeHoldReason = RuntimeHoldReason::Consent($crate::HoldReason::ConsentDeposit);
			pub const AttHold: RuntimeHoldReason = RuntimeHoldReason::Compliance(pallet_compliance::HoldReason::AttestationDeposit);
		}

		impl pallet_compliance::Config for Test {
			type Organizations = Organizations;
			type Consideration = HoldConsideration<AccountId, Balances, AttHold, Price>;
			type GovernanceOrigin = EnsureRoot<AccountId>;
			type MaxAttestationsPerSubject = ConstU32<4>;
			type MaxRequiredTypes = ConstU32<4>;
			type MaxAttestationValidity = ConstU64<1000>;
			type WeightInfo = ();
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkHelper = ComplianceSetup;
		}

		impl pallet_patient_identity::Config for Test {
			type Consideration = HoldConsideration<AccountId, Balances, IdHold, Price>;
			type Signature = TestSignature;
			type Signer = UintAuthorityId;
			type MaxDelegates = ConstU32<4>;
			type MaxGuardianApprovals = ConstU32<4>;
			type RecoveryDelay = ConstU64<10>;
			type RecoveryLifetime = ConstU64<40>;
			type MaxSignedValidity = ConstU64<100>;
			type WeightInfo = ();
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkHelper = TestSigner;
		}

		/// Signs registration payloads with the test signature scheme.
		pub struct TestSigner;
		#[cfg(feature = "runtime-benchmarks")]
		impl pallet_patient_identity::benchmarking::BenchmarkHelper<AccountId, TestSignature> for TestSigner {
			fn patient_and_signature(build: &dyn Fn(&AccountId) -> Vec<u8>) -> (AccountId, TestSignature) {
				let who = 777;
				(who, TestSignature(who, build(&who)))
			}
		}

		impl pallet_organizations::Config for Test {
			type Consideration = HoldConsideration<AccountId, Balances, OrgHold, Price>;
			type GovernanceOrigin = EnsureRoot<AccountId>;
			type MaxMembers = ConstU32<10>;
			type WeightInfo = ();
		}

		impl $crate::Config for Test {
			type Patients = PatientIdentity;
			type Organizations = Organizations;
			type Compliance = Compliance;
			type Records = $records;
			type Consideration = HoldConsideration<AccountId, Balances, ConsentHold, Price>;
			type MaxCodes = ConstU32<8>;
			type MaxRefs = ConstU32<3>;
			type MaxExceptions = ConstU32<4>;
			type MaxConsentsPerPatient = ConstU32<6>;
			type MaxPendingRequests = ConstU32<3>;
			type MaxRequestsPerOrganization = ConstU32<2>;
			type RequestLifetime = ConstU64<20>;
			type MaxGrantDuration = ConstU64<100>;
			type MaxBreakGlassDuration = ConstU64<50>;
			type ReviewPeriod = ConstU64<30>;
			type MaxPendingReviews = ConstU32<3>;
			type MaxOpenEpisodesPerRequester = ConstU32<2>;
			type MaxStudies = ConstU32<3>;
			type MaxNotified = ConstU32<4>;
			type AccessLogCapacity = ConstU32<3>;
			type WeightInfo = ();
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkHelper = BenchSetup;
		}

		/// Creates patients and members for the benchmark tests.
		pub struct BenchSetup;
		#[cfg(feature = "runtime-benchmarks")]
		impl $crate::benchmarking::BenchmarkHelper<AccountId> for BenchSetup {
			fn patient(index: u32) -> AccountId {
				let who = 1000 + u64::from(index);
				let _ = Balances::force_set_balance(RuntimeOrigin::root(), who, 1_000_000);
				assert_ok!(PatientIdentity::register(RuntimeOrigin::signed(who), H256::repeat_byte(200 + index as u8)));
				who
			}
			fn member(kind: OrganizationKind, role: MemberRole, index: u32) -> (AccountId, u32) {
				let admin = 2000 + u64::from(index);
				let who = 3000 + u64::from(index);
				for a in [admin, who] {
					let _ = Balances::force_set_balance(RuntimeOrigin::root(), a, 1_000_000);
				}
				let org = pallet_organizations::NextOrganizationId::<Test>::get();
				assert_ok!(Organizations::admit(RuntimeOrigin::root(), admin, kind, H256::zero()));
				assert_ok!(Organizations::add_member(RuntimeOrigin::signed(admin), who, role));
				(who, org)
			}
			fn privacy_officer(org: u32) -> AccountId {
				let admin = pallet_organizations::Organizations::<Test>::get(org).expect("org").admin;
				let who = 4000 + u64::from(org);
				let _ = Balances::force_set_balance(RuntimeOrigin::root(), who, 1_000_000);
				assert_ok!(Organizations::add_member(RuntimeOrigin::signed(admin), who, MemberRole::PrivacyOfficer));
				who
			}
		}
	};
}
