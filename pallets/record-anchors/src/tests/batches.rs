//! Batches: records declared as groups (subject, category, labels), each group consented like a
//! single anchor, each record's leaf bound to its group.
use super::*;
use codec::Encode;

fn hashes(seed: u32, n: u32) -> Vec<H256> {
	(0..n)
		.map(|i| H256(polkadot_sdk::sp_crypto_hashing::blake2_256(&(seed, i).encode())))
		.collect()
}

/// A group of `n` records about `subject` and its records' leaves.
fn records(
	subject: SubjectOf<Test>,
	category: RecordCategory,
	labels: Vec<SecurityLabel>,
	seed: u32,
	n: u32,
) -> (BatchGroupOf<Test>, Vec<H256>, Vec<H256>) {
	let hs = hashes(seed, n);
	let leaves: Vec<H256> = hs
		.iter()
		.map(|h| merkle::record_leaf(&subject.encode(), h, category, &labels))
		.collect();
	(group(subject, category, labels, n, merkle::root_of(&leaves)), hs, leaves)
}

fn proof_for(
	groups: &[BatchGroupOf<Test>],
	g: usize,
	leaves: &[H256],
	hashes: &[H256],
	i: usize,
) -> BatchProofOf<Test> {
	let nodes: Vec<H256> = groups.iter().map(RecordAnchors::group_node).collect();
	BatchProof {
		group: groups[g].clone(),
		group_index: g as u32,
		group_path: merkle::proof_of(&nodes, g).expect("group in range"),
		content_hash: hashes[i],
		index: i as u32,
		path: merkle::proof_of(leaves, i).expect("record in range"),
	}
}

fn batch(who: AccountId, groups: Vec<BatchGroupOf<Test>>) -> polkadot_sdk::sp_runtime::DispatchResult {
	RecordAnchors::anchor_batch(
		RuntimeOrigin::signed(who),
		BoundedVec::truncate_from(groups),
		F::DiagnosticReport,
		BatchScope::Identified,
		P::TREAT,
	)
}

#[test]
fn thousand_records_in_one_batch_with_inclusion_proofs() {
	test(|| {
		let (g, hs, leaves) = records(RecordSubject::Patient(PAT), C::LabResult, vec![], 1, 1000);
		assert_ok!(batch(LAB_TECH, vec![g.clone()]));
		let id = NextBatchId::<Test>::get() - 1;
		assert_eq!(
			last_event(),
			Event::BatchAnchored {
				id,
				author: LAB_TECH,
				organization: LAB,
				root: merkle::root_of(&[RecordAnchors::group_node(&g)]),
				count: 1000,
				groups: BoundedVec::truncate_from(vec![(RecordSubject::Patient(PAT), C::LabResult, 1000)]),
				scope: BatchScope::Identified,
			}
			.into()
		);
		let groups = vec![g];
		for i in [0usize, 1, 499, 998, 999] {
			let proof = proof_for(&groups, 0, &leaves, &hs, i);
			assert!(RecordAnchors::verify_batch_inclusion(id, &proof));
			let mut tampered = proof.clone();
			tampered.content_hash = H256::repeat_byte(0xAB);
			assert!(!RecordAnchors::verify_batch_inclusion(id, &tampered), "tampered");
			let mut moved = proof;
			moved.index = (i as u32 + 1) % 1000;
			assert!(!RecordAnchors::verify_batch_inclusion(id, &moved), "wrong index");
		}
	});
}

#[test]
fn a_record_of_an_undeclared_subject_never_verifies() {
	test(|| {
		// The lab declares Pat's group, but hides a record about Quinn in Pat's tree.
		let pat = RecordSubject::Patient(PAT);
		let mut hs = hashes(1, 4);
		let mut leaves: Vec<H256> = hs
			.iter()
			.map(|h| merkle::record_leaf(&pat.encode(), h, C::LabResult, &[]))
			.collect();
		let quinns = H256::repeat_byte(0x51);
		hs.push(quinns);
		leaves.push(merkle::record_leaf(
			&RecordSubject::<AccountId>::Patient(QUINN).encode(),
			&quinns,
			C::LabResult,
			&[],
		));
		let g = group(pat.clone(), C::LabResult, vec![], 5, merkle::root_of(&leaves));
		assert_ok!(batch(LAB_TECH, vec![g.clone()]));
		let id = NextBatchId::<Test>::get() - 1;
		let groups = vec![g];
		// Pat's records verify; the hidden one cannot be shown to be Quinn's (its leaf is not
		// Quinn's under Pat's group), nor passed off as Pat's.
		assert!(RecordAnchors::verify_batch_inclusion(id, &proof_for(&groups, 0, &leaves, &hs, 0)));
		let hidden = proof_for(&groups, 0, &leaves, &hs, 4);
		assert!(!RecordAnchors::verify_batch_inclusion(id, &hidden));
		let mut as_quinn = hidden;
		as_quinn.group.subject = RecordSubject::Patient(QUINN);
		assert!(!RecordAnchors::verify_batch_inclusion(id, &as_quinn), "a group that was never declared");
	});
}

#[test]
fn each_group_passes_the_same_decision_as_a_single_anchor() {
	test(|| {
		let (pat, _, _) = records(RecordSubject::Patient(PAT), C::LabResult, vec![], 1, 10);
		let (quinn, _, _) = records(RecordSubject::Patient(QUINN), C::LabResult, vec![], 2, 10);
		// One consenting patient does not carry another's records.
		assert_noop!(batch(LAB_TECH, vec![pat.clone(), quinn]), Error::<Test>::NoConsent);
		// Sensitive labels are checked per group, as for a single anchor.
		let (hiv, _, _) = records(RecordSubject::Patient(PAT), C::LabResult, vec![L::HIV], 3, 10);
		assert_noop!(batch(LAB_TECH, vec![pat.clone(), hiv]), Error::<Test>::SensitiveLabelNotPermitted);
		// Compliance too.
		let (rx, _, _) = records(RecordSubject::Patient(PAT), C::Prescription, vec![], 4, 1);
		assert_noop!(batch(PHARMACIST, vec![rx]), Error::<Test>::MissingAttestation);
		assert_ok!(batch(LAB_TECH, vec![pat]));
	});
}

#[test]
fn the_callers_standing_is_decided_for_every_category_of_a_batch() {
	test(|| {
		// The lab's standing for lab results is decided once for both of Pat's groups; a group of
		// another category (imaging, which a laboratory is not permitted) is decided on its own,
		// and refuses the whole batch with the same error a single anchor gets.
		let (first, _, _) = records(RecordSubject::Patient(PAT), C::LabResult, vec![], 1, 10);
		let (second, _, _) = records(RecordSubject::Patient(PAT), C::LabResult, vec![], 2, 10);
		let (scan, _, _) = records(RecordSubject::Patient(PAT), C::Imaging, vec![], 3, 1);
		let single = anchor_as(LAB_TECH, RecordSubject::Patient(PAT), doc(9), C::Imaging, F::ImagingStudy);
		let refusal = single.expect_err("a laboratory does not anchor imaging");
		assert_noop!(batch(LAB_TECH, vec![first.clone(), second.clone(), scan]), refusal);
		// An unknown patient is refused before the standing of a new category is asked.
		let (stranger, _, _) = records(RecordSubject::Patient(STRANGER), C::Imaging, vec![], 4, 1);
		assert_noop!(batch(LAB_TECH, vec![first.clone(), stranger]), Error::<Test>::UnknownPatient);
		assert_ok!(batch(LAB_TECH, vec![first, second]));
	});
}

#[test]
fn a_group_must_carry_the_labels_its_category_implies() {
	test(|| {
		let (genomic, _, _) = records(RecordSubject::Patient(PAT), C::Genomic, vec![], 1, 10);
		assert_noop!(batch(LAB_TECH, vec![genomic]), Error::<Test>::ImpliedLabelMissing);
	});
}

#[test]
fn batch_errors() {
	test(|| {
		assert_noop!(batch(LAB_TECH, vec![]), Error::<Test>::EmptyBatch);
		let (mut empty, _, _) = records(RecordSubject::Patient(PAT), C::LabResult, vec![], 1, 1);
		empty.count = 0;
		assert_noop!(batch(LAB_TECH, vec![empty]), Error::<Test>::EmptyBatch);
		let (mut huge, _, _) = records(RecordSubject::Patient(PAT), C::LabResult, vec![], 1, 1);
		huge.count = u32::MAX;
		assert_noop!(batch(LAB_TECH, vec![huge.clone(), huge]), Error::<Test>::BatchTooLarge);
		let (g, _, _) = records(RecordSubject::Patient(PAT), C::LabResult, vec![], 1, 1);
		assert_noop!(batch(STRANGER, vec![g]), Error::<Test>::NotActiveMember);
		assert!(!RecordAnchors::verify_legacy_batch_inclusion(0, H256::zero(), 0, &[]));
	});
}

#[test]
fn batch_consent_covers_the_labels_its_category_implies() {
	test(|| {
		// Labs may anchor genomic data; Pat permits labs to store genomic data, without GDIS.
		assert_ok!(Compliance::set_requirement(
			RuntimeOrigin::root(),
			OrganizationKind::Laboratory,
			C::Genomic,
			vec![AttestationType::HipaaSecurityRule].try_into().expect("bounded")
		));
		pat_grants(
			pallet_consent::Grantee::OrganizationKind(OrganizationKind::Laboratory),
			pallet_consent::Decision::Permit,
			&[A::Store],
			&[C::Genomic],
			&[],
		);
		let (genomic, _, _) = records(RecordSubject::Patient(PAT), C::Genomic, vec![L::GDIS], 1, 10);
		assert_noop!(batch(LAB_TECH, vec![genomic]), Error::<Test>::SensitiveLabelNotPermitted);
	});
}

#[test]
fn research_dataset_needs_compliance_research_consents_and_deidentification_attestation() {
	test(|| {
		let study = H256::repeat_byte(0x5);
		let (g, _, _) = records(RecordSubject::Patient(PAT), C::LabResult, vec![], 1, 10);
		let root = merkle::root_of(&[RecordAnchors::group_node(&g)]);
		let dataset = |who| {
			RecordAnchors::anchor_batch(
				RuntimeOrigin::signed(who),
				BoundedVec::truncate_from(vec![g.clone()]),
				F::Observation,
				BatchScope::Deidentified { study },
				P::HRESCH,
			)
		};
		assert_noop!(dataset(LAB_TECH), Error::<Test>::NotResearchInstitution);
		// Research batches need compliance too: the consortium permits research institutes lab
		// data only with a GDPR attestation.
		assert_noop!(dataset(RESEARCHER), Error::<Test>::NotPermittedForKind);
		assert_ok!(Compliance::set_requirement(
			RuntimeOrigin::root(),
			OrganizationKind::ResearchInstitution,
			C::LabResult,
			vec![AttestationType::Gdpr].try_into().expect("bounded")
		));
		assert_noop!(dataset(RESEARCHER), Error::<Test>::MissingAttestation);
		assert_ok!(Compliance::attest(
			RuntimeOrigin::signed(AUDITOR),
			pallet_compliance::Subject::Organization(RESEARCH),
			AttestationType::Gdpr,
			H256::zero(),
			300
		));
		assert_noop!(dataset(RESEARCHER), Error::<Test>::NoResearchConsent);
		assert_ok!(Consent::set_research_consent(
			RuntimeOrigin::signed(PAT),
			PAT,
			BoundedVec::truncate_from(vec![C::LabResult]),
			BoundedVec::truncate_from(vec![study])
		));
		assert_noop!(dataset(RESEARCHER), Error::<Test>::NotDeidentified);
		assert_ok!(Compliance::attest(
			RuntimeOrigin::signed(AUDITOR),
			pallet_compliance::Subject::Record(root),
			AttestationType::DeidentificationSafeHarbor,
			H256::zero(),
			300
		));
		assert_ok!(dataset(RESEARCHER));
		// Withdrawal applies to future releases.
		assert_ok!(Consent::withdraw_research_consent(RuntimeOrigin::signed(PAT), PAT));
		assert_noop!(dataset(RESEARCHER), Error::<Test>::NoResearchConsent);
	});
}
