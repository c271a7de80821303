//! Genesis presets: `development` (one collator, Alice) and `local_testnet` (two members collate: the
//! hospital's Dave and the laboratory's Eve).
//! Both fund the well-known dev accounts, make the first three of them the consortium council
//! and register a few demo patients (commitments only: the salts stay with the "patients").

use crate::{
	AccountId, BalancesConfig, CollatorSelectionConfig, ComplianceConfig, CouncilMembershipConfig, OrganizationsConfig,
	ParachainInfoConfig, PatientIdentityConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig,
	EXISTENTIAL_DEPOSIT, UNIT,
};
use alloc::{vec, vec::Vec};
use cumulus_primitives_core::ParaId;
use healthchain_primitives::{AttestationType as A, MemberRole as R, OrganizationKind as K, RecordCategory as C};
use polkadot_sdk::{
	frame_support::build_struct_json_patch, sp_core::H256, sp_genesis_builder::PresetId, sp_keyring::Sr25519Keyring, *,
};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;

/// The default parachain id of Healthchain in development and local test networks.
pub const PARACHAIN_ID: u32 = 2000;

/// Amount each dev account starts with.
const ENDOWMENT: u128 = 1_000_000 * UNIT;
/// Collators' candidacy bond.
const CANDIDACY_BOND: u128 = 16 * EXISTENTIAL_DEPOSIT;

/// A deterministic demo commitment: `blake2_256("healthchain/demo-patient" ‖ n)`. Real
/// commitments are `blake2_256(tag ‖ salt ‖ identifiers)` computed by the patient's wallet.
pub fn demo_commitment(n: u8) -> H256 {
	let mut input = b"healthchain/demo-patient".to_vec();
	input.push(n);
	H256(sp_io::hashing::blake2_256(&input))
}

fn session_keys(keys: AuraId) -> SessionKeys {
	SessionKeys { aura: keys }
}

fn genesis(
	invulnerables: Vec<(AccountId, AuraId)>,
	endowed_accounts: Vec<AccountId>,
	council: Vec<AccountId>,
	demo_patients: Vec<(AccountId, H256)>,
	recovery_delay: Option<u32>,
	root: AccountId,
	id: ParaId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		parachain_info: ParachainInfoConfig { parachain_id: id },
		collator_selection: CollatorSelectionConfig {
			invulnerables: invulnerables.iter().cloned().map(|(acc, _)| acc).collect::<Vec<_>>(),
			candidacy_bond: CANDIDACY_BOND,
		},
		session: SessionConfig {
			keys: invulnerables
				.into_iter()
				.map(|(acc, aura)| (acc.clone(), acc, session_keys(aura)))
				.collect::<Vec<_>>(),
		},
		council_membership: CouncilMembershipConfig {
			members: council.try_into().expect("council fits MaxMembers; qed"),
		},
		patient_identity: PatientIdentityConfig { patients: demo_patients, recovery_delay },
		organizations: OrganizationsConfig { organizations: demo_organizations() },
		compliance: demo_compliance(),
		sudo: SudoConfig { key: Some(root) },
	})
}

/// Demo organisation ids, in genesis order.
pub mod demo_org {
	pub const HOSPITAL: u32 = 0;
	pub const LABORATORY: u32 = 1;
	pub const PHARMACY: u32 = 2;
	pub const INSURER: u32 = 3;
	pub const RESEARCH: u32 = 4;
	pub const AUDITOR: u32 = 5;
}

fn doc(name: &str) -> H256 {
	H256(sp_io::hashing::blake2_256(name.as_bytes()))
}

/// The consortium of the dev chain: a hospital (admin Dave, physician Ferdie//stash), a lab
/// (admin Eve), a pharmacy (admin Ferdie), an insurer (admin One), a research institute (admin
/// Two) and an auditor (admin Alice//stash, auditor Bob//stash).
fn demo_organizations() -> Vec<(AccountId, K, H256, Vec<(AccountId, R)>)> {
	use Sr25519Keyring::*;
	vec![
		(
			Dave.to_account_id(),
			K::Hospital,
			doc("demo/city-hospital/licence"),
			vec![(FerdieStash.to_account_id(), R::Physician)],
		),
		(
			Eve.to_account_id(),
			K::Laboratory,
			doc("demo/city-lab/licence"),
			vec![(CharlieStash.to_account_id(), R::LabTechnician)],
		),
		(Ferdie.to_account_id(), K::Pharmacy, doc("demo/corner-pharmacy/licence"), vec![]),
		(One.to_account_id(), K::Insurer, doc("demo/mutual-insurer/licence"), vec![]),
		(Two.to_account_id(), K::ResearchInstitution, doc("demo/research-institute/licence"), vec![]),
		(
			AliceStash.to_account_id(),
			K::Auditor,
			doc("demo/assure-audit/licence"),
			vec![(BobStash.to_account_id(), R::Auditor)],
		),
	]
}

/// Accreditations, requirements and valid attestations so that the demo providers can anchor at
/// once: HIPAA Security for clinical data, HIPAA Privacy for prescriptions, claims and notes.
fn demo_compliance() -> ComplianceConfig {
	use demo_org::*;
	let far = 5 * 365 * crate::DAYS;
	let auditor = Sr25519Keyring::BobStash.to_account_id();
	let attest = |org: u32, kind: A| (auditor.clone(), AUDITOR, org, kind, doc("demo/audit-report"), far);
	ComplianceConfig {
		accreditations: A::ALL.iter().map(|k| (AUDITOR, *k, far + 365 * crate::DAYS)).collect(),
		// Which kinds may anchor which categories, and what they must hold to do so. Compliance
		// fails closed: a pair not listed here cannot be anchored at all.
		requirements: vec![
			(K::Laboratory, C::LabResult, vec![A::HipaaSecurityRule]),
			(K::Laboratory, C::Genomic, vec![A::HipaaSecurityRule, A::HipaaPrivacyRule]),
			(K::ImagingCentre, C::Imaging, vec![A::HipaaSecurityRule]),
			(K::Hospital, C::Imaging, vec![A::HipaaSecurityRule]),
			(K::Hospital, C::LabResult, vec![A::HipaaSecurityRule]),
			(K::Hospital, C::Prescription, vec![A::HipaaSecurityRule, A::HipaaPrivacyRule]),
			(K::Hospital, C::ClinicalNote, vec![A::HipaaSecurityRule, A::HipaaPrivacyRule]),
			(K::Hospital, C::PsychiatricNote, vec![A::HipaaSecurityRule, A::HipaaPrivacyRule]),
			(K::Hospital, C::DischargeSummary, vec![A::HipaaSecurityRule, A::HipaaPrivacyRule]),
			(K::Hospital, C::Allergy, vec![A::HipaaSecurityRule]),
			(K::Hospital, C::Immunization, vec![A::HipaaSecurityRule]),
			(K::Clinic, C::ClinicalNote, vec![A::HipaaSecurityRule, A::HipaaPrivacyRule]),
			(K::Clinic, C::Prescription, vec![A::HipaaSecurityRule, A::HipaaPrivacyRule]),
			(K::Clinic, C::Immunization, vec![A::HipaaSecurityRule]),
			(K::Pharmacy, C::Prescription, vec![A::HipaaPrivacyRule]),
			(K::Insurer, C::Claim, vec![A::HipaaPrivacyRule]),
			(K::ResearchInstitution, C::ClinicalTrial, vec![A::HipaaPrivacyRule, A::Gdpr]),
			(K::ResearchInstitution, C::Genomic, vec![A::HipaaPrivacyRule, A::Gdpr]),
		],
		attestations: vec![
			attest(HOSPITAL, A::HipaaSecurityRule),
			attest(HOSPITAL, A::HipaaPrivacyRule),
			attest(LABORATORY, A::HipaaSecurityRule),
			attest(PHARMACY, A::HipaaPrivacyRule),
			attest(INSURER, A::HipaaPrivacyRule),
		],
	}
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter().map(|k| k.to_account_id()).collect()
}

fn council() -> Vec<AccountId> {
	vec![
		Sr25519Keyring::Alice.to_account_id(),
		Sr25519Keyring::Bob.to_account_id(),
		Sr25519Keyring::Charlie.to_account_id(),
	]
}

/// Demo patients: Dave and Eve's stash accounts hold demo commitments.
fn demo_patients() -> Vec<(AccountId, H256)> {
	vec![
		(Sr25519Keyring::DaveStash.to_account_id(), demo_commitment(1)),
		(Sr25519Keyring::EveStash.to_account_id(), demo_commitment(2)),
	]
}

/// The collators of a local test network: two consortium members, each collating with its
/// administrator's key — the hospital (Dave) and the laboratory (Eve). Others join through
/// `CollatorSelection` (README, "A member joins").
fn member_collators() -> Vec<(AccountId, AuraId)> {
	[Sr25519Keyring::Dave, Sr25519Keyring::Eve]
		.into_iter()
		.map(|k| (k.to_account_id(), k.public().into()))
		.collect()
}

fn local_testnet_genesis() -> Value {
	genesis(
		member_collators(),
		dev_accounts(),
		council(),
		demo_patients(),
		// A local test network is a rehearsal of production: the runtime's days-long delay.
		None,
		Sr25519Keyring::Alice.to_account_id(),
		PARACHAIN_ID.into(),
	)
}

fn development_config_genesis() -> Value {
	genesis(
		vec![(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Alice.public().into())],
		dev_accounts(),
		council(),
		demo_patients(),
		// Development: a recovery can be claimed ten minutes after it starts.
		Some(10 * crate::MINUTES),
		Sr25519Keyring::Alice.to_account_id(),
		PARACHAIN_ID.into(),
	)
}

/// Provides the JSON representation of predefined genesis config for given `id`.
pub fn get_preset(id: &PresetId) -> Option<vec::Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// List of supported presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
