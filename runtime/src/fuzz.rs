//! Call-sequence fuzzing of the five Healthchain pallets together, on the real runtime with the
//! development genesis: random sequences of every call of identity, organisations, compliance,
//! consent and record anchors, from a small set of accounts (so that calls collide), with every
//! pallet's `try_state` invariants checked after each block and one cross-pallet invariant after
//! each anchor: **every anchor a provider made had a permit at the block it was anchored**.
//!
//! `call_sequence_fuzz_quick` runs in the test command; `scripts/fuzz.sh` runs the same harness for
//! a million calls (`FUZZ_CALLS`, `FUZZ_SEED`) and prints calls/s.

use crate::*;
use alloc::{vec, vec::Vec};
use healthchain_primitives::{
	AccessQuery, AttestationType, ConsentAction, FhirResourceType, MemberRole, OrganizationKind, PurposeOfUse,
	RecordCategory, SecurityLabel,
};
use pallet_consent::{ActionSet, Decision, Grantee, Provision, Scope};
use pallet_record_anchors::{AmendmentReason, AnchorStatus, BatchScope, HashAlgorithm, RecordSubject};
use polkadot_sdk::frame_support::traits::Get;
use polkadot_sdk::{
	frame_support::BoundedVec, sp_core::H256, sp_keyring::Sr25519Keyring as K, sp_runtime::traits::Dispatchable,
};

/// A small, fast, reproducible pseudo-random generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
	/// A generator from `seed` (any value).
	pub fn new(seed: u64) -> Self {
		Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
	}
	fn next(&mut self) -> u64 {
		let mut x = self.0;
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		self.0 = x;
		x.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn pick<T: Clone>(&mut self, items: &[T]) -> T {
		items[self.below(items.len() as u64) as usize].clone()
	}
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
}

/// The accounts calls come from: the dev chain's patients, providers, admins and auditor, and a
/// few accounts with no role yet.
fn accounts() -> Vec<AccountId> {
	[
		K::DaveStash,    // patient
		K::EveStash,     // patient
		K::Dave,         // hospital admin
		K::FerdieStash,  // hospital physician
		K::Eve,          // lab admin
		K::Ferdie,       // pharmacy admin
		K::One,          // insurer admin
		K::Two,          // research admin
		K::BobStash,     // auditor
		K::AliceStash,   // auditor admin
		K::CharlieStash, // lab technician
		K::Alice,
		K::Bob,
	]
	.iter()
	.map(|k| k.to_account_id())
	.collect()
}

fn bounded<T: Clone, S: Get<u32>>(items: Vec<T>) -> BoundedVec<T, S> {
	BoundedVec::truncate_from(items)
}

fn some_of<T: Clone>(rng: &mut Rng, all: &[T], max: u64) -> Vec<T> {
	let n = rng.below(max.saturating_add(1));
	(0..n).map(|_| rng.pick(all)).collect()
}

fn scope(rng: &mut Rng, root: bool) -> pallet_consent::ScopeOf<Runtime> {
	let actions = if root { 1 + rng.below(31) } else { rng.below(32) };
	Scope {
		actions: ActionSet::from_mask(actions),
		categories: bounded(some_of(rng, RecordCategory::ALL, 2)),
		resource_types: bounded(some_of(
			rng,
			&[FhirResourceType::DiagnosticReport, FhirResourceType::DocumentReference],
			1,
		)),
		purposes: bounded(some_of(rng, PurposeOfUse::ALL, 2)),
		labels: bounded(some_of(rng, SecurityLabel::ALL, 2)),
	}
}

fn provision(rng: &mut Rng, root: bool) -> pallet_consent::ProvisionOf<Runtime> {
	let decision = if rng.chance(70) { Decision::Permit } else { Decision::Deny };
	let mut p = Provision::over(decision, scope(rng, root));
	// Sometimes the FHIR dimensions of a provision: its own actor and period, record
	// references (mostly unknown ids), sources, a clinical-time window and recipients.
	if rng.chance(20) {
		p.actor = Some(Grantee::Organization(rng.below(8) as u32));
	}
	if rng.chance(15) {
		let start = rng.below(60) as u32;
		p.period =
			Some(pallet_consent::Validity { start, expires_at: rng.chance(70).then(|| start + rng.below(40) as u32) });
	}
	if rng.chance(10) {
		p.data.records = bounded(vec![pallet_consent::DataReference { anchor: rng.below(40), original: 0 }]);
	}
	if rng.chance(15) {
		p.data.sources = bounded(vec![pallet_consent::RecordSource::Custodian(rng.below(8) as u32)]);
	}
	if rng.chance(15) {
		let start = rng.below(100) as i64 * 86_400;
		p.data.data_period =
			Some(pallet_consent::DataPeriod { start: Some(start), end: rng.chance(70).then(|| start + 30 * 86_400) });
	}
	if rng.chance(10) {
		p.data.recipients = bounded(vec![Grantee::Organization(rng.below(8) as u32)]);
	}
	p
}

fn h(rng: &mut Rng, space: u64) -> H256 {
	H256::from_low_u64_be(rng.below(space))
}

/// Accounts that act as patients (the dev chain's two, and two that may register).
fn patients() -> [AccountId; 4] {
	[K::DaveStash, K::EveStash, K::Bob, K::Alice].map(|k| k.to_account_id())
}

/// Accounts that act for providers (hospital physician and admin, lab technician and admin,
/// pharmacy, insurer, research institute).
fn providers() -> [AccountId; 7] {
	[K::FerdieStash, K::Dave, K::CharlieStash, K::Eve, K::Ferdie, K::One, K::Two].map(|k| k.to_account_id())
}

/// Each dev-chain provider account with the categories its organisation is permitted to anchor.
fn provider_profiles() -> [(AccountId, &'static [RecordCategory]); 5] {
	use RecordCategory::*;
	[
		(
			K::FerdieStash.to_account_id(),
			&[Imaging, LabResult, Prescription, ClinicalNote, PsychiatricNote, DischargeSummary],
		),
		(K::Dave.to_account_id(), &[Imaging, ClinicalNote, Allergy, Immunization]),
		(K::CharlieStash.to_account_id(), &[LabResult, Genomic]),
		(K::Ferdie.to_account_id(), &[Prescription]),
		(K::One.to_account_id(), &[Claim]),
	]
}

/// Categories the dev chain's providers are permitted, plus ones nobody is.
const CATEGORIES: &[RecordCategory] = &[
	RecordCategory::LabResult,
	RecordCategory::Imaging,
	RecordCategory::Prescription,
	RecordCategory::ClinicalNote,
	RecordCategory::PsychiatricNote,
	RecordCategory::Claim,
	RecordCategory::Genomic,
	RecordCategory::PatientReported,
];

/// One random call and the account (or root) it comes from. Arguments are biased towards what
/// real users send (a patient granting their own consent, a provider anchoring about a patient)
/// so that calls get past the first checks and reach deep state, while every call can still
/// come from anyone.
fn random_call(rng: &mut Rng, who: &[AccountId]) -> (Option<AccountId>, RuntimeCall) {
	let a = |rng: &mut Rng| rng.pick(who);
	let patient = |rng: &mut Rng| if rng.chance(85) { rng.pick(&patients()) } else { rng.pick(who) };
	let provider = |rng: &mut Rng| if rng.chance(85) { rng.pick(&providers()) } else { rng.pick(who) };
	let org = |rng: &mut Rng| if rng.chance(80) { rng.below(4) as u32 } else { rng.below(7) as u32 };
	let id = |rng: &mut Rng| rng.below(40);
	let now = System::block_number();
	let category = |rng: &mut Rng| if rng.chance(90) { rng.pick(CATEGORIES) } else { rng.pick(RecordCategory::ALL) };
	let purpose = |rng: &mut Rng| if rng.chance(70) { PurposeOfUse::TREAT } else { rng.pick(PurposeOfUse::ALL) };
	let subject = |rng: &mut Rng, _who: &[AccountId]| {
		if rng.chance(80) {
			RecordSubject::Patient(if rng.chance(85) { rng.pick(&patients()) } else { rng.pick(_who) })
		} else {
			RecordSubject::Pseudonym(H256::from_low_u64_be(rng.below(6)))
		}
	};
	let labels =
		|rng: &mut Rng, max: u64| if rng.chance(70) { Vec::new() } else { some_of(rng, SecurityLabel::ALL, max) };
	use pallet_compliance::Call as Co;
	use pallet_consent::Call as Cn;
	use pallet_organizations::Call as O;
	use pallet_patient_identity::Call as I;
	use pallet_record_anchors::Call as R;
	// The call's arguments are drawn first, then the account that signs it.
	macro_rules! signed {
		($rng:ident, $call:expr) => {{
			let call: RuntimeCall = $call;
			(Some(a($rng)), call)
		}};
	}
	match rng.below(52) {
		0 => signed!(rng, I::register { commitment: h(rng, 30) }.into()),
		// Leaving is for good (the account is retired): rarer than joining.
		1 if rng.chance(15) => signed!(rng, I::deactivate {}.into()),
		1 => signed!(rng, I::register { commitment: h(rng, 30) }.into()),
		2 => signed!(
			rng,
			I::publish_pseudonym {
				pseudonym: H256::from_low_u64_be(rng.below(6)),
				audience: org(rng),
				link_commitment: H256::zero()
			}
			.into()
		),
		3 => signed!(rng, I::retire_pseudonym { pseudonym: H256::from_low_u64_be(rng.below(6)) }.into()),
		4 => {
			let role = rng.pick(&[
				pallet_patient_identity::DelegateRole::Guardian,
				pallet_patient_identity::DelegateRole::EmergencyContact,
				pallet_patient_identity::DelegateRole::LegalRepresentative,
			]);
			let expires_at = rng.chance(30).then(|| now.saturating_add(rng.below(30) as u32));
			signed!(
				rng,
				I::add_delegate {
					delegate: a(rng),
					role,
					scope: pallet_patient_identity::DelegateScope::from_mask(rng.below(64)),
					expires_at
				}
				.into()
			)
		},
		5 => signed!(rng, I::remove_delegate { patient: a(rng), delegate: a(rng) }.into()),
		6 => signed!(rng, I::set_recovery_threshold { threshold: rng.below(4) as u8 }.into()),
		7 => signed!(rng, I::rotate_key { new_account: a(rng) }.into()),
		8 if rng.chance(30) => signed!(rng, I::accept_rotation { old_account: a(rng) }.into()),
		8 => signed!(rng, I::register { commitment: h(rng, 30) }.into()),
		9 => signed!(rng, I::initiate_recovery { lost: a(rng), new_account: a(rng) }.into()),
		10 => signed!(rng, I::approve_recovery { lost: a(rng) }.into()),
		11 => signed!(rng, I::cancel_recovery { lost: a(rng) }.into()),
		12 => signed!(rng, I::claim_recovery { lost: a(rng) }.into()),
		13 => signed!(rng, O::add_member { who: a(rng), role: rng.pick(MemberRole::ALL) }.into()),
		// Governance and membership changes that remove capabilities are rarer than the rest.
		14 if rng.chance(25) => signed!(rng, O::remove_member { who: a(rng) }.into()),
		14 => signed!(rng, O::add_member { who: a(rng), role: rng.pick(MemberRole::ALL) }.into()),
		15 => signed!(rng, O::set_member_role { who: a(rng), role: rng.pick(MemberRole::ALL) }.into()),
		16 if rng.chance(20) => {
			(None, O::suspend { org: org(rng), reason: pallet_organizations::SuspensionReason::Other }.into())
		},
		16 | 17 => (None, O::reinstate { org: org(rng) }.into()),
		18 => signed!(
			rng,
			Co::attest {
				subject: pallet_compliance::Subject::Organization(org(rng)),
				kind: rng.pick(AttestationType::ALL),
				evidence: H256::zero(),
				expires_at: now.saturating_add(1 + rng.below(200) as u32),
			}
			.into()
		),
		19 => signed!(rng, Co::revoke { id: id(rng), reason: pallet_compliance::RevocationReason::Other }.into()),
		20 => (
			None,
			Co::set_requirement {
				org_kind: rng.pick(OrganizationKind::ALL),
				category: category(rng),
				required: bounded(some_of(rng, AttestationType::ALL, 2).into_iter().take(1).collect()),
			}
			.into(),
		),
		21 if rng.chance(5) => {
			(None, Co::withdraw_accreditation { attestor: 5, kind: rng.pick(AttestationType::ALL) }.into())
		},
		21 | 22 => (
			None,
			Co::accredit { attestor: 5, kind: rng.pick(AttestationType::ALL), expires_at: now.saturating_add(1000) }
				.into(),
		),
		23..=25 | 43 => {
			let p = patient(rng);
			let grantee = match rng.below(7) {
				0 | 1 => Grantee::Member { account: provider(rng), organization: org(rng) },
				2 | 3 => Grantee::Organization(org(rng)),
				4 | 5 => Grantee::OrganizationKind(rng.pick(OrganizationKind::ALL)),
				_ => Grantee::AnyMember,
			};
			let exceptions = (0..rng.below(4))
				.map(|i| pallet_consent::Exception { parent: rng.below(i + 2) as u8, provision: provision(rng, false) })
				.collect();
			let end = rng.chance(30).then(|| now.saturating_add(1 + rng.below(40) as u32));
			let mut root = provision(rng, true);
			if rng.chance(60) {
				// The everyday grant: permit storing and reading whatever the grantee needs.
				root = Provision::over(Decision::Permit, Scope::of(ConsentAction::ALL, &[], &[], &labels(rng, 2)));
			}
			let signer = if rng.chance(85) { p.clone() } else { a(rng) };
			(
				Some(signer),
				Cn::grant_consent {
					patient: p,
					grantee,
					provision: root,
					exceptions: bounded(exceptions),
					policy: H256::zero(),
					start: None,
					expires_at: end,
					emergency: if rng.chance(20) {
						pallet_consent::EmergencyOverride::Refused
					} else {
						pallet_consent::EmergencyOverride::Allowed
					},
				}
				.into(),
			)
		},
		26 => signed!(rng, Cn::revoke_consent { id: id(rng) }.into()),
		27 => signed!(rng, Cn::reap_consent { id: id(rng) }.into()),
		28 => (
			Some(provider(rng)),
			Cn::request_access {
				patient: patient(rng),
				scope: scope(rng, true),
				justification: H256::zero(),
				grant_duration: 1 + rng.below(100) as u32,
			}
			.into(),
		),
		29 => signed!(rng, Cn::respond_to_request { id: id(rng), approve: rng.chance(60) }.into()),
		30 => signed!(rng, Cn::reap_request { id: id(rng) }.into()),
		31 => signed!(
			rng,
			Cn::break_glass {
				patient: patient(rng),
				purpose: rng.pick(&[PurposeOfUse::ETREAT, PurposeOfUse::BTG, PurposeOfUse::TREAT]),
				reason: pallet_consent::BreakGlassReason::LifeThreatening,
				duration: 1 + rng.below(50) as u32,
			}
			.into()
		),
		32 => signed!(
			rng,
			Cn::close_review {
				id: id(rng),
				justified: rng.chance(50),
				finding: H256::zero(),
				override_upheld: rng.chance(50).then(|| rng.chance(50))
			}
			.into()
		),
		33 => signed!(rng, Cn::flag_overdue_review { id: id(rng) }.into()),
		34 => signed!(
			rng,
			Cn::set_research_consent {
				patient: patient(rng),
				categories: bounded(vec![category(rng)]),
				studies: Default::default()
			}
			.into()
		),
		35 => signed!(rng, Cn::withdraw_research_consent { patient: a(rng) }.into()),
		36 => (
			Some(provider(rng)),
			Cn::record_access {
				patient: patient(rng),
				action: rng.pick(ConsentAction::ALL),
				category: category(rng),
				resource_type: None,
				labels: bounded(some_of(rng, SecurityLabel::ALL, 2)),
				purpose: purpose(rng),
				outcome: pallet_consent::AccessOutcome::Success,
				record: rng.chance(30).then(|| rng.below(40)),
				recipient: rng
					.chance(30)
					.then(|| healthchain_primitives::Recipient::Organization(rng.below(8) as u32)),
			}
			.into(),
		),
		37..=40 | 44..=51 => {
			// Mostly a provider anchoring what its organisation is permitted to; sometimes anyone,
			// anything.
			let (author, category) = if rng.chance(80) {
				let (who, cats) = rng.pick(&provider_profiles());
				(who, rng.pick(cats))
			} else {
				(a(rng), category(rng))
			};
			let mut declared = labels(rng, 2);
			declared.retain(|l| !category.mandatory_labels().contains(l));
			(
				Some(author),
				R::anchor_record {
					subject: subject(rng, who),
					content_hash: h(rng, 50),
					hash_algorithm: HashAlgorithm::Blake2b256,
					category,
					resource_type: FhirResourceType::DocumentReference,
					labels: bounded(declared),
					pointer: Default::default(),
					metadata_hash: None,
					purpose: purpose(rng),
					clinical_time: rng.chance(70).then(|| rng.below(100) as i64 * 86_400),
				}
				.into(),
			)
		},
		41 if rng.chance(30) => signed!(
			rng,
			R::set_status { id: id(rng), status: rng.pick(&[AnchorStatus::Withdrawn, AnchorStatus::EnteredInError]) }
				.into()
		),
		41 => (
			Some(provider(rng)),
			R::supersede {
				previous: id(rng),
				content_hash: h(rng, 50),
				hash_algorithm: HashAlgorithm::Sha256,
				labels: bounded(some_of(rng, SecurityLabel::ALL, 1)),
				pointer: Default::default(),
				metadata_hash: None,
				reason: AmendmentReason::Correction,
				purpose: purpose(rng),
			}
			.into(),
		),
		_ => {
			let groups = (0..1 + rng.below(3))
				.map(|_| {
					let category = category(rng);
					let mut labels = category.mandatory_labels().to_vec();
					if rng.chance(30) {
						labels.push(rng.pick(SecurityLabel::ALL));
					}
					pallet_record_anchors::BatchGroup {
						subject: subject(rng, who),
						category,
						labels: bounded(labels),
						count: 1 + rng.below(100) as u32,
						records_root: h(rng, 50),
					}
				})
				.collect();
			(
				Some(provider(rng)),
				R::anchor_batch {
					groups: bounded(groups),
					resource_type: FhirResourceType::Observation,
					scope: BatchScope::Identified,
					purpose: purpose(rng),
				}
				.into(),
			)
		},
	}
}

/// Every pallet's storage invariants.
fn try_state() -> Result<(), &'static str> {
	let check = |r: Result<(), polkadot_sdk::sp_runtime::TryRuntimeError>, what: &'static str| {
		r.map_err(|e| {
			log::error!("{what}: {e:?}");
			what
		})
	};
	check(pallet_patient_identity::Pallet::<Runtime>::do_try_state(), "patient-identity invariants")?;
	check(pallet_organizations::Pallet::<Runtime>::do_try_state(), "organizations invariants")?;
	check(pallet_compliance::Pallet::<Runtime>::do_try_state(), "compliance invariants")?;
	check(pallet_consent::Pallet::<Runtime>::do_try_state(), "consent invariants")?;
	check(pallet_record_anchors::Pallet::<Runtime>::do_try_state(), "record-anchors invariants")
}

/// The cross-pallet rule: the anchors created by the last call were permitted when they were
/// made (a provider's by the consent decision for `Store`/`Amend` with the anchor's own
/// category and labels; a patient's own only for patient-reported or device data).
fn anchors_were_permitted(from: u64, purpose: Option<PurposeOfUse>, action: ConsentAction) -> Result<(), &'static str> {
	for id in from..pallet_record_anchors::NextAnchorId::<Runtime>::get() {
		let a = pallet_record_anchors::Anchors::<Runtime>::get(id).ok_or("anchor id without anchor")?;
		let Some(_) = a.organization else {
			if !matches!(a.category, RecordCategory::PatientReported | RecordCategory::DeviceData) {
				return Err("a patient anchored clinical data about themself");
			}
			continue;
		};
		let patient = match &a.subject {
			RecordSubject::Patient(p) => p.clone(),
			RecordSubject::Pseudonym(ps) => {
				pallet_patient_identity::Pseudonyms::<Runtime>::get(ps)
					.ok_or("anchor under an unknown pseudonym")?
					.subject
			},
		};
		let query = AccessQuery {
			requester: a.author.clone(),
			patient,
			action,
			category: a.category,
			resource_type: Some(a.resource_type),
			labels: a.labels.to_vec(),
			purpose: purpose.ok_or("anchor without a purpose")?,
			// A new version is an amendment of the record it supersedes, asked about that record;
			// an original is a new record.
			data: match superseded_by(id) {
				Some(previous) => healthchain_primitives::DataContext::Anchor(previous),
				None => healthchain_primitives::DataContext::New {
					custodian: a.organization,
					author: a.author.clone(),
					clinical_time: a.clinical_time,
				},
			},
			recipient: None,
		};
		if !Consent::check_access(&query, System::block_number()).is_permit() {
			return Err("an anchor was made without a permit");
		}
	}
	Ok(())
}

/// The version anchor `id` superseded, from the call's `RecordSuperseded` event (the chain keeps
/// only the record's first version in state).
fn superseded_by(id: u64) -> Option<u64> {
	System::events().into_iter().find_map(|r| match r.event {
		RuntimeEvent::RecordAnchors(pallet_record_anchors::Event::RecordSuperseded { previous, id: new, .. })
			if new == id =>
		{
			Some(previous)
		},
		_ => None,
	})
}

/// What a fuzzing run did.
#[derive(Debug, Default, Clone)]
pub struct Report {
	/// How often each refusal occurred (pallet error name, or the dispatch error).
	pub refusals: alloc::collections::BTreeMap<alloc::string::String, u64>,
	/// Calls dispatched.
	pub calls: u64,
	/// Calls that succeeded.
	pub succeeded: u64,
	/// Anchors created.
	pub anchors: u64,
	/// Blocks closed (each followed by the invariant checks).
	pub blocks: u64,
}

/// Run `calls` random calls from `seed`, `per_block` per block, on a fresh development genesis
/// (rebuilt every `per_world` calls: leaving an identity is for good, so a world runs out of patients). Fails on the first broken invariant.
pub fn run(
	seed: u64,
	calls: u64,
	per_block: u64,
	per_world: u64,
	world: impl Fn() -> polkadot_sdk::sp_io::TestExternalities,
) -> Result<Report, alloc::string::String> {
	let mut rng = Rng::new(seed);
	let who = accounts();
	let mut report = Report::default();
	while report.calls < calls {
		let mut ext = world();
		let target = calls.min(report.calls.saturating_add(per_world));
		ext.execute_with(|| -> Result<(), alloc::string::String> {
			System::set_block_number(1);
			while report.calls < target {
				let (origin, call) = random_call(&mut rng, &who);
				let purpose = match &call {
					RuntimeCall::RecordAnchors(pallet_record_anchors::Call::anchor_record { purpose, .. })
					| RuntimeCall::RecordAnchors(pallet_record_anchors::Call::supersede { purpose, .. }) => Some(*purpose),
					_ => None,
				};
				let action = match &call {
					RuntimeCall::RecordAnchors(pallet_record_anchors::Call::supersede { .. }) => ConsentAction::Amend,
					_ => ConsentAction::Store,
				};
				let before = pallet_record_anchors::NextAnchorId::<Runtime>::get();
				let origin = match origin {
					Some(a) => RuntimeOrigin::signed(a),
					None => RuntimeOrigin::root(),
				};
				let copy = call.clone();
				let described = || alloc::format!("{copy:?}");
				let outcome = call.dispatch(origin);
				report.calls = report.calls.saturating_add(1);
				match outcome {
					Ok(_) => report.succeeded = report.succeeded.saturating_add(1),
					Err(e) => {
						let name = match e.error {
							polkadot_sdk::sp_runtime::DispatchError::Module(m) => {
								alloc::string::String::from(m.message.unwrap_or("?"))
							},
							other => alloc::format!("{other:?}"),
						};
						*report.refusals.entry(name).or_default() += 1;
					},
				}
				let after = pallet_record_anchors::NextAnchorId::<Runtime>::get();
				if after > before {
					report.anchors = report.anchors.saturating_add(after - before);
					anchors_were_permitted(before, purpose, action)
						.map_err(|e| alloc::format!("call {} ({}): {e}", report.calls, described()))?;
				}
				if report.calls % per_block == 0 {
					try_state().map_err(|e| alloc::format!("after call {} ({}): {e}", report.calls, described()))?;
					report.blocks = report.blocks.saturating_add(1);
					System::reset_events();
					let next = System::block_number().saturating_add(1 + rng.below(8) as u32);
					System::set_block_number(next);
				}
			}
			try_state().map_err(|e| alloc::format!("at the end of a world: {e}"))
		})?;
	}
	Ok(report)
}
