//! Runtime tests: genesis presets build, version and metadata are sane, pallets' integrity tests
//! pass, and the dev genesis is usable at once (demo providers compliant, demo patients active).

use crate::*;
use healthchain_primitives::{ComplianceCheck, OrganizationDirectory, PatientRegistry, RecordCategory};
use polkadot_sdk::{
	frame_support::{genesis_builder_helper::build_state, traits::IntegrityTest},
	sp_io::TestExternalities,
};

/// Merge a JSON patch into a base value, as the node does with a preset and the default config.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
			for (k, v) in p {
				merge(b.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(b, p) => *b = p,
	}
}

fn built(preset: &str) -> TestExternalities {
	let patch = genesis_config_presets::get_preset(&preset.into()).expect("preset exists");
	let patch: serde_json::Value = serde_json::from_slice(&patch).expect("preset is JSON");
	let mut full = serde_json::to_value(RuntimeGenesisConfig::default()).expect("default config");
	merge(&mut full, patch);
	let json = serde_json::to_vec(&full).expect("serializes");
	let mut ext = TestExternalities::default();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(json).expect("preset builds"));
	ext
}

#[test]
fn both_genesis_presets_build() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(names.len(), 2);
	for name in ["development", "local_testnet"] {
		built(name);
	}
	assert!(genesis_config_presets::get_preset(&"mainnet".into()).is_none());
}

#[test]
fn runtime_version_is_sane() {
	assert_eq!(VERSION.spec_name, "healthchain");
	let ids: Vec<_> = VERSION.apis.iter().map(|(id, _)| *id).collect();
	use polkadot_sdk::sp_api::RuntimeApiInfo;
	for api in [
		<dyn healthchain_runtime_api::ComplianceApi<Block, AccountId>>::ID,
		<dyn healthchain_runtime_api::ConsentApi<Block, AccountId, BlockNumber>>::ID,
		<dyn healthchain_runtime_api::AnchorsApi<Block, AccountId>>::ID,
		<dyn healthchain_runtime_api::PatientIdentityApi<Block, AccountId>>::ID,
		<dyn sp_genesis_builder::GenesisBuilder<Block>>::ID,
		<dyn cumulus_primitives_core::CollectCollationInfo<Block>>::ID,
	] {
		assert!(ids.contains(&api), "runtime declares API {api:?}");
	}
}

#[test]
fn metadata_lists_the_consortium_pallets_and_runtime_apis() {
	use polkadot_sdk::frame_support::__private::metadata::RuntimeMetadata;
	let meta = TestExternalities::default()
		.execute_with(|| Runtime::metadata_at_version(15))
		.expect("metadata v15");
	let decoded: polkadot_sdk::frame_support::__private::metadata::RuntimeMetadataPrefixed =
		codec::Decode::decode(&mut &meta[..]).expect("decodes");
	let RuntimeMetadata::V15(v15) = decoded.1 else { panic!("v15") };
	let pallets: Vec<_> = v15.pallets.iter().map(|p| p.name.as_str()).collect();
	for p in
		["PatientIdentity", "Organizations", "Compliance", "Consent", "RecordAnchors", "Council", "ParachainSystem"]
	{
		assert!(pallets.contains(&p), "metadata lists {p}");
	}
	let apis: Vec<_> = v15.apis.iter().map(|a| a.name.as_str()).collect();
	for a in ["ComplianceApi", "ConsentApi", "AnchorsApi", "PatientIdentityApi"] {
		assert!(apis.contains(&a), "metadata lists runtime API {a}");
	}
}

#[test]
fn an_anchor_costs_at_most_160_bytes_of_state() {
	use codec::Encode;
	use healthchain_primitives::{FhirResourceType, RecordCategory, SecurityLabel};
	use pallet_record_anchors::{Anchor, AnchorStatus, HashAlgorithm, RecordSubject};
	// A lab result with a clinical time and one declared label, and a psychiatric note about a
	// pseudonym (implied `PSY` plus a declared label): key and value, as the state counts them.
	// (A later version adds the 9 bytes naming its record's first version.)
	let anchors: [pallet_record_anchors::AnchorOf<Runtime>; 2] = [
		Anchor {
			author: AccountId::new([1; 32]),
			organization: Some(1),
			subject: RecordSubject::Patient(AccountId::new([2; 32])),
			content_hash: [3; 32].into(),
			hash_algorithm: HashAlgorithm::Sha256,
			category: RecordCategory::LabResult,
			resource_type: FhirResourceType::DiagnosticReport,
			labels: polkadot_sdk::frame_support::BoundedVec::truncate_from(vec![SecurityLabel::N]),
			status: AnchorStatus::Current,
			clinical_time: Some(1_700_000_000),
			original: None,
		},
		Anchor {
			author: AccountId::new([1; 32]),
			organization: Some(1),
			subject: RecordSubject::Pseudonym([4; 32].into()),
			content_hash: [3; 32].into(),
			hash_algorithm: HashAlgorithm::Sha256,
			category: RecordCategory::PsychiatricNote,
			resource_type: FhirResourceType::DocumentReference,
			labels: polkadot_sdk::frame_support::BoundedVec::truncate_from(vec![SecurityLabel::PSY, SecurityLabel::R]),
			status: AnchorStatus::Current,
			clinical_time: Some(1_700_000_000),
			original: None,
		},
	];
	for a in anchors {
		let key = pallet_record_anchors::Anchors::<Runtime>::hashed_key_for(u64::MAX);
		let bytes = key.len() + a.encode().len();
		assert!(bytes <= 160, "{bytes} bytes: {a:?}");
	}
}

#[test]
fn pallets_integrity_tests_pass() {
	TestExternalities::default().execute_with(AllPalletsWithSystem::integrity_test);
}

#[test]
fn dev_genesis_is_usable_at_once() {
	use genesis_config_presets::demo_org::*;
	built("development").execute_with(|| {
		for (org, cat) in [
			(HOSPITAL, RecordCategory::Imaging),
			(HOSPITAL, RecordCategory::ClinicalNote),
			(LABORATORY, RecordCategory::LabResult),
			(PHARMACY, RecordCategory::Prescription),
			(INSURER, RecordCategory::Claim),
		] {
			assert_eq!(<Compliance as ComplianceCheck<_>>::is_compliant(org, cat, 1), Ok(()), "{org} {cat:?}");
		}
		let dave_stash = polkadot_sdk::sp_keyring::Sr25519Keyring::DaveStash.to_account_id();
		assert!(<PatientIdentity as PatientRegistry<_, _>>::is_active_patient(&dave_stash));
		let auditor = polkadot_sdk::sp_keyring::Sr25519Keyring::BobStash.to_account_id();
		assert_eq!(
			<Organizations as OrganizationDirectory<_>>::membership(&auditor).map(|m| m.organization),
			Some(AUDITOR)
		);
		assert_eq!(pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get().len(), 3);
	});
}

/// Random call sequences over the five Healthchain pallets keep every invariant (see
/// `fuzz.rs`). `FUZZ_CALLS`/`FUZZ_SEED` scale it up; `scripts/fuzz.sh` runs a million calls.
#[test]
fn call_sequence_fuzz_quick() {
	let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
	let calls = env("FUZZ_CALLS").unwrap_or(20_000);
	let seed = env("FUZZ_SEED").unwrap_or(0x4ea1_7c4a);
	let start = std::time::Instant::now();
	let report = crate::fuzz::run(seed, calls, 50, 2_000, || built("development"))
		.unwrap_or_else(|e| panic!("invariant broken (seed {seed:#x}): {e}"));
	let secs = start.elapsed().as_secs_f64().max(f64::EPSILON);
	println!(
		"fuzz: {} calls executed, {} succeeded, {} anchors, {} blocks checked, 0 panics, 0 invariant breaks \
		 in {secs:.1} s = {:.0} calls/s (seed {seed:#x})",
		report.calls,
		report.succeeded,
		report.anchors,
		report.blocks,
		report.calls as f64 / secs,
	);
	let mut refusals: Vec<_> = report.refusals.iter().collect();
	refusals.sort_by(|a, b| b.1.cmp(a.1));
	println!("fuzz: most frequent refusals: {:?}", refusals.iter().take(12).collect::<Vec<_>>());
	assert_eq!(report.calls, calls);
	// The generator must reach past the first checks, or the run proves little.
	assert!(report.succeeded * 20 > report.calls, "only {} of {} calls succeeded", report.succeeded, report.calls);
	assert!(report.anchors > 0, "no anchor was ever made");
}

/// A patient's pseudonyms at two organisations, with consents, anchors and access records under
/// each, cannot be joined to each other or to the patient by anyone reading all of the chain's
/// state and events: no storage item and no event holds identifiers of two of them.
#[test]
fn pseudonyms_stay_unlinkable_after_a_journey() {
	use codec::Encode;
	use genesis_config_presets::demo_org::{HOSPITAL, LABORATORY};
	use healthchain_primitives::{ConsentAction, FhirResourceType, MemberRole, PurposeOfUse};
	use pallet_consent::{AccessOutcome, Decision, Grantee, Provision, Scope};
	use pallet_record_anchors::{HashAlgorithm, RecordSubject};
	use polkadot_sdk::{
		sp_core::{Pair, H256},
		sp_keyring::Sr25519Keyring as K,
	};
	let signed = |who: &AccountId| RuntimeOrigin::signed(who.clone());
	let h = |s: &str| H256(polkadot_sdk::sp_crypto_hashing::blake2_256(s.as_bytes()));
	built("development").execute_with(|| {
		System::set_block_number(1);
		let patient = K::DaveStash.to_account_id();
		let commitment = <PatientIdentity as PatientRegistry<_, _>>::commitment_of(&patient).expect("demo patient");
		let lab_tech = K::Charlie.to_account_id();
		Organizations::add_member(signed(&K::Eve.to_account_id()), lab_tech.clone(), MemberRole::LabTechnician)
			.expect("lab hires a technician");
		let physician = K::FerdieStash.to_account_id();
		// The patient's wallet derives one pseudonym key per organisation; each organisation funds
		// the key it was handed at its desk.
		let sites = [
			(LABORATORY, RecordCategory::LabResult, FhirResourceType::DiagnosticReport, lab_tech.clone(), K::Eve),
			(HOSPITAL, RecordCategory::ClinicalNote, FhirResourceType::DocumentReference, physician.clone(), K::Dave),
		];
		let mut sides = vec![vec![patient.encode(), commitment.encode()]];
		for (i, (org, category, resource, member, funder)) in sites.iter().enumerate() {
			let pair = polkadot_sdk::sp_core::sr25519::Pair::from_string(
				&format!("//DaveStash//healthchain//pseudonym//{org}"),
				None,
			)
			.expect("derives");
			let key: AccountId = pair.public().into();
			Balances::transfer_keep_alive(signed(&funder.to_account_id()), key.clone().into(), 10 * UNIT)
				.expect("the organisation funds the key");
			let ps = h(&format!("pseudonym {i}"));
			let link = pallet_patient_identity::pseudonym_link(&commitment, &ps, &[i as u8; 32]);
			PatientIdentity::publish_pseudonym(signed(&key), ps, *org, link).expect("publishes");
			let scope = Scope::of(&[ConsentAction::Store, ConsentAction::Access], &[*category], &[], &[]);
			Consent::grant_consent(
				signed(&key),
				key.clone(),
				Grantee::Organization(*org),
				Provision::over(Decision::Permit, scope),
				Default::default(),
				H256::zero(),
				None,
				None,
				pallet_consent::EmergencyOverride::Allowed,
			)
			.expect("the key consents for its pseudonym");
			RecordAnchors::anchor_record(
				signed(member),
				RecordSubject::Pseudonym(ps),
				h(&format!("document {i}")),
				HashAlgorithm::Blake2b256,
				*category,
				*resource,
				Default::default(),
				Default::default(),
				None,
				PurposeOfUse::TREAT,
				None,
			)
			.expect("the organisation anchors under the pseudonym");
			Consent::record_access(
				signed(member),
				key.clone(),
				ConsentAction::Access,
				*category,
				Some(*resource),
				Default::default(),
				PurposeOfUse::TREAT,
				AccessOutcome::Success,
				None,
				None,
			)
			.expect("the access is logged for the pseudonym");
			sides.push(vec![key.encode(), ps.encode(), link.encode()]);
		}
		let events: Vec<Vec<u8>> = System::events().iter().map(|e| e.event.encode()).collect();
		assert!(events.len() > 10, "the journey emitted its events");
		let items = healthchain_primitives::observer::everything_observed(events);
		for item in &items {
			let linked = healthchain_primitives::observer::sides_mentioned(item, &sides);
			assert!(linked <= 1, "a storage item or event links a patient's identities: {item:?}");
		}
		// The check can fail: the pseudonym's own records do hold its key and pseudonym.
		for side in &sides[1..] {
			let tokens: Vec<Vec<Vec<u8>>> = side.iter().map(|t| vec![t.clone()]).collect();
			assert!(items
				.iter()
				.any(|item| healthchain_primitives::observer::sides_mentioned(item, &tokens) >= 2));
		}
	});
}

/// An institution's operational key, named a proxy of one [`configs::wallets::ProxyType`], acts for
/// the institution only within that role: the hospital's records system (a `Records` proxy of the
/// hospital's administrator) may not add staff or move funds; its HR system (`Staff`) may add
/// staff. The proxy deposit is held while the proxy exists and returned when it is removed.
#[test]
fn institution_proxies_act_only_within_their_role() {
	use configs::wallets::ProxyType;
	use healthchain_primitives::MemberRole;
	use polkadot_sdk::sp_keyring::Sr25519Keyring as K;
	let hospital = K::Dave.to_account_id();
	let records_system = K::One.to_account_id();
	let hr_system = K::Two.to_account_id();
	let newcomer = K::Charlie.to_account_id();
	let add_staff = |who: &AccountId| {
		RuntimeCall::Organizations(pallet_organizations::Call::add_member { who: who.clone(), role: MemberRole::Nurse })
	};
	let filtered: sp_runtime::DispatchResult = Err(frame_system::Error::<Runtime>::CallFiltered.into());
	let proxied = |proxy: &AccountId, call: RuntimeCall| {
		System::reset_events();
		assert_eq!(
			Proxy::proxy(RuntimeOrigin::signed(proxy.clone()), hospital.clone().into(), None, Box::new(call)),
			Ok(()),
			"the proxy call itself is accepted; its inner result is in the event"
		);
		System::events()
			.into_iter()
			.find_map(|r| match r.event {
				RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result }) => Some(result),
				_ => None,
			})
			.expect("ProxyExecuted")
	};
	built("development").execute_with(|| {
		System::set_block_number(1);
		let held_before = Balances::reserved_balance(&hospital);
		Proxy::add_proxy(RuntimeOrigin::signed(hospital.clone()), records_system.clone().into(), ProxyType::Records, 0)
			.expect("hospital names its records system");
		Proxy::add_proxy(RuntimeOrigin::signed(hospital.clone()), hr_system.clone().into(), ProxyType::Staff, 0)
			.expect("hospital names its HR system");
		let deposit = configs::wallets::ProxyDepositBase::get() + 2 * configs::wallets::ProxyDepositFactor::get();
		assert_eq!(Balances::reserved_balance(&hospital), held_before + deposit, "the deposit is held");
		assert_eq!(pallet_proxy::Proxies::<Runtime>::get(&hospital).1, deposit);

		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: records_system.clone().into(),
			value: UNIT,
		});
		assert_eq!(proxied(&records_system, transfer.clone()), filtered);
		assert_eq!(proxied(&hr_system, transfer), filtered);
		assert_eq!(proxied(&records_system, add_staff(&newcomer)), filtered);
		// A batch does not widen the role: its calls are filtered one by one.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![add_staff(&newcomer)] });
		assert_eq!(proxied(&records_system, batch), filtered);
		assert_eq!(proxied(&hr_system, add_staff(&newcomer)), Ok(()));
		assert_eq!(
			<Organizations as OrganizationDirectory<_>>::membership(&newcomer).map(|m| m.organization),
			Some(genesis_config_presets::demo_org::HOSPITAL),
			"the HR system added the nurse to the hospital"
		);

		let held = Balances::reserved_balance(&hospital);
		Proxy::remove_proxies(RuntimeOrigin::signed(hospital.clone())).expect("removes both");
		assert_eq!(Balances::reserved_balance(&hospital), held - deposit, "the deposit is returned");
		assert_eq!(
			Proxy::proxy(
				RuntimeOrigin::signed(hr_system.clone()),
				hospital.clone().into(),
				None,
				Box::new(add_staff(&K::Ferdie.to_account_id()))
			),
			Err(pallet_proxy::Error::<Runtime>::NotProxy.into()),
			"a removed proxy acts for nobody"
		);
	});
}

/// A member's cold account held by two of three officers (`pallet-multisig`): the first officer's
/// approval holds the multisig deposit and executes nothing; the second executes the call and the
/// deposit comes back.
#[test]
fn two_of_three_officers_act_for_a_multisig_account() {
	use polkadot_sdk::{frame_support::dispatch::GetDispatchInfo, sp_keyring::Sr25519Keyring as K};
	let mut officers = [K::One.to_account_id(), K::Two.to_account_id(), K::Ferdie.to_account_id()];
	// The account of a multisig is derived from its signatories in sorted order.
	officers.sort();
	let account = Multisig::multi_account_id(&officers, 2);
	let others = |i: usize| {
		let mut o: Vec<_> = officers
			.iter()
			.enumerate()
			.filter(|(j, _)| *j != i)
			.map(|(_, a)| a.clone())
			.collect();
		o.sort();
		o
	};
	let payee = K::Eve.to_account_id();
	let call =
		RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { dest: payee.clone().into(), value: UNIT });
	built("development").execute_with(|| {
		System::set_block_number(1);
		Balances::transfer_keep_alive(RuntimeOrigin::signed(officers[0].clone()), account.clone().into(), 10 * UNIT)
			.expect("funds the account");
		let payee_before = Balances::free_balance(&payee);
		let held_before = Balances::reserved_balance(&officers[0]);
		Multisig::as_multi(
			RuntimeOrigin::signed(officers[0].clone()),
			2,
			others(0),
			None,
			Box::new(call.clone()),
			Weight::zero(),
		)
		.expect("first approval");
		assert_eq!(Balances::free_balance(&payee), payee_before, "one approval executes nothing");
		let deposit = configs::wallets::MultisigDepositBase::get() + 2 * configs::wallets::MultisigDepositFactor::get();
		assert_eq!(Balances::reserved_balance(&officers[0]), held_before + deposit);
		let timepoint = Multisig::timepoint();
		let weight = call.get_dispatch_info().call_weight;
		Multisig::as_multi(
			RuntimeOrigin::signed(officers[1].clone()),
			2,
			others(1),
			Some(timepoint),
			Box::new(call),
			weight,
		)
		.expect("second approval executes");
		assert_eq!(Balances::free_balance(&payee), payee_before + UNIT);
		assert_eq!(Balances::reserved_balance(&officers[0]), held_before, "the deposit is returned");
	});
}
