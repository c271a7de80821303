//! HL7's consent patterns with the provision dimensions FHIR gives them — nested exceptions with
//! their own actor and period, record references and later versions, record sources, data
//! periods, disclosure recipients — each with the outcome FHIR intends, and the refusals of
//! malformed grants.
use super::*;
use healthchain_primitives::RecordFacts;

const DAY: i64 = 86_400;
/// 2020-01-01T00:00:00Z.
const Y2020: i64 = 1_577_836_800;

fn lab(id: u64, original: u64, custodian: u32, author: AccountId, clinical_time: Option<i64>) {
	add_record(RecordFacts {
		id,
		original,
		subject: PAT,
		custodian: Some(custodian),
		author,
		category: C::LabResult,
		resource_type: FhirResourceType::DiagnosticReport,
		labels: vec![],
		clinical_time,
	});
}

fn ask(
	requester: AccountId,
	action: ConsentAction,
	purpose: PurposeOfUse,
	data: DataContext<AccountId>,
	recipient: Option<Recipient<AccountId>>,
) -> AccessDecision {
	Consent::check_access(
		&AccessQuery {
			requester,
			patient: PAT,
			action,
			category: C::LabResult,
			resource_type: None,
			labels: vec![],
			purpose,
			data,
			recipient,
		},
		System::block_number(),
	)
}

fn grant_tree(
	grantee: Grantee<AccountId>,
	root: ProvisionOf<Test>,
	exceptions: Vec<(u8, ProvisionOf<Test>)>,
) -> Result<ConsentId, DispatchError> {
	Consent::grant_consent(
		RuntimeOrigin::signed(PAT),
		PAT,
		grantee,
		root,
		BoundedVec::truncate_from(
			exceptions
				.into_iter()
				.map(|(parent, provision)| Exception { parent, provision })
				.collect(),
		),
		H256::zero(),
		None,
		None,
		EmergencyOverride::Allowed,
	)?;
	Ok(NextConsentId::<Test>::get() - 1)
}

fn all() -> ScopeOf<Test> {
	scope(&[A::Access, A::Use, A::Disclose, A::Store, A::Amend], &[], &[], &[])
}

#[test]
fn windowed_deny_nested_in_the_base_consent_holds_from_its_first_to_its_last_block() {
	test(|| {
		// "The hospital may read everything for treatment, except between blocks 10 and 19."
		let mut window = deny(scope(&[], &[], &[], &[]));
		window.period = Some(Validity { start: 10, expires_at: Some(20) });
		let c = grant_tree(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[], &[P::TREAT], &[])),
			vec![(0, window)],
		)
		.expect("granted");
		let at = |n| {
			System::set_block_number(n);
			query(DOCTOR, A::Access, C::LabResult, &[], P::TREAT)
		};
		assert_eq!(at(9), AccessDecision::Permit { consent: c, provision: 0 });
		assert_eq!(at(10), AccessDecision::Deny { consent: c, provision: 1 }, "first block of the window");
		assert_eq!(at(19), AccessDecision::Deny { consent: c, provision: 1 }, "last block of the window");
		assert_eq!(at(20), AccessDecision::Permit { consent: c, provision: 0 });
	});
}

#[test]
fn a_data_reference_covers_the_record_and_its_later_versions_only() {
	test(|| {
		// Record 5 was superseded by 8; record 3 is another record.
		lab(3, 3, HOSPITAL, DOCTOR, None);
		lab(5, 5, HOSPITAL, DOCTOR, None);
		lab(8, 5, HOSPITAL, DOCTOR, None);
		grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[P::TREAT], &[])), vec![], None);
		// "Not this prescription": a deny referencing record 5.
		let mut not_this = deny(all());
		not_this.data.records = BoundedVec::truncate_from(vec![DataReference { anchor: 5, original: 0 }]);
		let d = grant_tree(Grantee::AnyMember, not_this, vec![]).expect("granted");
		assert_eq!(
			Consents::<Test>::get(d).map(|c| c.provision.data.records[0].original),
			Some(5),
			"the chain fills the record's first version"
		);
		let on = |id| ask(DOCTOR, A::Access, P::TREAT, DataContext::Anchor(id), None);
		assert_eq!(on(5), AccessDecision::Deny { consent: d, provision: 0 });
		assert_eq!(on(8), AccessDecision::Deny { consent: d, provision: 0 }, "a later version of the record");
		assert!(on(3).is_permit(), "another record");
		// A reference to the later version does not reach back to the earlier one.
		let mut not_v2 = deny(all());
		not_v2.data.records = BoundedVec::truncate_from(vec![DataReference { anchor: 8, original: 0 }]);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(PAT), d));
		let d2 = grant_tree(Grantee::AnyMember, not_v2, vec![]).expect("granted");
		assert!(on(5).is_permit());
		assert_eq!(on(8), AccessDecision::Deny { consent: d2, provision: 0 });
		// A new record is no referenced record: storing goes on.
		let new = DataContext::New { custodian: Some(HOSPITAL), author: DOCTOR, clinical_time: None };
		grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Store], &[], &[P::TREAT], &[])), vec![], None);
		assert!(ask(DOCTOR, A::Store, P::TREAT, new, None).is_permit());
	});
}

#[test]
fn custodian_and_author_denies_follow_the_records_source() {
	test(|| {
		lab(1, 1, HOSPITAL, DOCTOR, None);
		lab(2, 2, HOSPITAL2, ER_DOCTOR, None);
		lab(3, 3, HOSPITAL, PSYCHIATRIST, None);
		grant(Grantee::AnyMember, permit(scope(&[A::Access], &[], &[P::TREAT], &[])), vec![], None);
		// "Withhold everything held by the second hospital, and what the psychiatrist wrote."
		let mut withhold = deny(all());
		withhold.data.sources =
			BoundedVec::truncate_from(vec![RecordSource::Custodian(HOSPITAL2), RecordSource::Author(PSYCHIATRIST)]);
		let d = grant_tree(Grantee::AnyMember, withhold, vec![]).expect("granted");
		let on = |id| ask(CLINIC_DOCTOR, A::Access, P::TREAT, DataContext::Anchor(id), None);
		assert!(on(1).is_permit());
		assert_eq!(on(2), AccessDecision::Deny { consent: d, provision: 0 }, "custodian");
		assert_eq!(on(3), AccessDecision::Deny { consent: d, provision: 0 }, "author");
		// A category-level question cannot say where the data comes from: the deny applies.
		assert_eq!(
			ask(CLINIC_DOCTOR, A::Access, P::TREAT, DataContext::Unspecified, None),
			AccessDecision::Deny { consent: d, provision: 0 }
		);
		// An unknown anchor, or another patient's, is refused as such.
		assert_eq!(on(77), AccessDecision::DenyUnknownRecord);
		add_record(RecordFacts {
			subject: SAM,
			..RecordFacts {
				id: 9,
				original: 9,
				subject: PAT,
				custodian: Some(HOSPITAL),
				author: DOCTOR,
				category: C::LabResult,
				resource_type: FhirResourceType::DiagnosticReport,
				labels: vec![],
				clinical_time: None,
			}
		});
		assert_eq!(on(9), AccessDecision::DenyUnknownRecord);
	});
}

#[test]
fn a_data_period_matches_the_records_clinical_time() {
	test(|| {
		lab(1, 1, HOSPITAL, DOCTOR, Some(Y2020 + 40 * DAY));
		lab(2, 2, HOSPITAL, DOCTOR, Some(Y2020 + 400 * DAY));
		lab(3, 3, HOSPITAL, DOCTOR, None);
		// "The clinic may read my 2020 results."
		let mut y2020 = permit(scope(&[A::Access], &[C::LabResult], &[P::TREAT], &[]));
		y2020.data.data_period = Some(DataPeriod { start: Some(Y2020), end: Some(Y2020 + 366 * DAY - 1) });
		let c = grant_tree(Grantee::Organization(CLINIC), y2020, vec![]).expect("granted");
		let on = |id| ask(CLINIC_DOCTOR, A::Access, P::TREAT, DataContext::Anchor(id), None);
		assert_eq!(on(1), AccessDecision::Permit { consent: c, provision: 0 });
		assert_eq!(on(2), AccessDecision::DenyNoConsent, "2021");
		assert_eq!(on(3), AccessDecision::DenyNoConsent, "undated: cannot be placed in the window");
		assert_eq!(
			ask(CLINIC_DOCTOR, A::Access, P::TREAT, DataContext::Unspecified, None),
			AccessDecision::DenyNoConsent
		);
		// The window's edges are inside it.
		lab(4, 4, HOSPITAL, DOCTOR, Some(Y2020));
		lab(5, 5, HOSPITAL, DOCTOR, Some(Y2020 + 366 * DAY - 1));
		assert!(on(4).is_permit() && on(5).is_permit());
	});
}

#[test]
fn disclosure_is_permitted_only_to_the_named_recipient() {
	test(|| {
		// "The hospital may disclose my lab results to the clinic only."
		let mut to_clinic = permit(scope(&[A::Disclose], &[C::LabResult], &[P::TREAT], &[]));
		to_clinic.data.recipients = BoundedVec::truncate_from(vec![Grantee::Organization(CLINIC)]);
		let c = grant_tree(Grantee::Organization(HOSPITAL), to_clinic, vec![]).expect("granted");
		let to = |r| ask(DOCTOR, A::Disclose, P::TREAT, DataContext::Unspecified, r);
		assert_eq!(to(Some(Recipient::Organization(CLINIC))), AccessDecision::Permit { consent: c, provision: 0 });
		assert_eq!(to(Some(Recipient::Member(CLINIC_DOCTOR))), AccessDecision::Permit { consent: c, provision: 0 });
		assert_eq!(to(Some(Recipient::Organization(PHARMACY))), AccessDecision::DenyNoConsent);
		assert_eq!(to(None), AccessDecision::DenyNoConsent, "a disclosure to nobody named");
		// The access log names the recipient; a disclosure must have one, and only a disclosure.
		assert_ok!(Consent::record_access(
			RuntimeOrigin::signed(DOCTOR),
			PAT,
			A::Disclose,
			C::LabResult,
			None,
			Default::default(),
			P::TREAT,
			AccessOutcome::Success,
			None,
			Some(Recipient::Organization(CLINIC))
		));
		let entry = Consent::access_log(&PAT).pop().expect("logged");
		assert_eq!(
			(entry.recipient, entry.decision),
			(Some(Recipient::Organization(CLINIC)), AccessDecision::Permit { consent: c, provision: 0 })
		);
		let rec = |action, r| {
			Consent::record_access(
				RuntimeOrigin::signed(DOCTOR),
				PAT,
				action,
				C::LabResult,
				None,
				Default::default(),
				P::TREAT,
				AccessOutcome::Success,
				None,
				r,
			)
		};
		assert_noop!(rec(A::Disclose, None), Error::<Test>::RecipientRequired);
		assert_noop!(rec(A::Access, Some(Recipient::Organization(CLINIC))), Error::<Test>::RecipientOnlyForDisclosure);
		assert_noop!(rec(A::Disclose, Some(Recipient::Organization(77))), Error::<Test>::UnknownRecipient);
		assert_noop!(rec(A::Disclose, Some(Recipient::Member(STRANGER))), Error::<Test>::UnknownRecipient);
		let on = |record| {
			Consent::record_access(
				RuntimeOrigin::signed(DOCTOR),
				PAT,
				A::Access,
				C::LabResult,
				None,
				Default::default(),
				P::TREAT,
				AccessOutcome::Success,
				Some(record),
				None,
			)
		};
		assert_noop!(on(42), Error::<Test>::UnknownRecord);
		add_record(RecordFacts {
			id: 43,
			original: 43,
			subject: SAM,
			custodian: None,
			author: SAM,
			category: C::LabResult,
			resource_type: FhirResourceType::Observation,
			labels: vec![],
			clinical_time: None,
		});
		assert_noop!(on(43), Error::<Test>::RecordNotOfPatient);
	});
}

#[test]
fn an_exception_with_its_own_actor_lifts_a_deny_for_that_actor_only() {
	test(|| {
		// "No provider may see anything — except my hospital, for treatment."
		let mut hospital = permit(scope(&[], &[], &[P::TREAT], &[]));
		hospital.actor = Some(Grantee::Organization(HOSPITAL));
		let c = grant_tree(Grantee::AnyMember, deny(scope(&[A::Access], &[], &[], &[])), vec![(0, hospital)])
			.expect("granted");
		assert_eq!(
			query(DOCTOR, A::Access, C::LabResult, &[], P::TREAT),
			AccessDecision::Permit { consent: c, provision: 1 }
		);
		assert_eq!(
			query(CLINIC_DOCTOR, A::Access, C::LabResult, &[], P::TREAT),
			AccessDecision::Deny { consent: c, provision: 0 }
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::LabResult, &[], P::HRESCH),
			AccessDecision::Deny { consent: c, provision: 0 }
		);
	});
}

#[test]
fn nested_provisions_decide_at_the_deepest_level_that_applies() {
	test(|| {
		// Permit the hospital; except (1) deny sensitive PSY data; except within that (2) permit
		// the psychiatrist; except within that (3) deny during blocks 5..8.
		let mut psychiatrist = permit(scope(&[], &[], &[], &[L::PSY]));
		psychiatrist.actor = Some(Grantee::Member { account: PSYCHIATRIST, organization: HOSPITAL });
		let mut pause = deny(scope(&[], &[], &[], &[]));
		pause.period = Some(Validity { start: 5, expires_at: Some(8) });
		let c = grant_tree(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[], &[P::TREAT], &[])),
			vec![(0, deny(scope(&[], &[], &[], &[L::PSY]))), (1, psychiatrist), (2, pause)],
		)
		.expect("granted");
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Permit { consent: c, provision: 0 }
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::PsychiatricNote, &[], P::TREAT),
			AccessDecision::Deny { consent: c, provision: 1 }
		);
		assert_eq!(
			query(PSYCHIATRIST, A::Access, C::PsychiatricNote, &[], P::TREAT),
			AccessDecision::Permit { consent: c, provision: 2 }
		);
		System::set_block_number(5);
		assert_eq!(
			query(PSYCHIATRIST, A::Access, C::PsychiatricNote, &[], P::TREAT),
			AccessDecision::Deny { consent: c, provision: 3 }
		);
	});
}

#[test]
fn malformed_grants_are_refused_by_the_rule_they_break() {
	test(|| {
		let root = || permit(scope(&[A::Access], &[], &[], &[]));
		let any = || deny(scope(&[], &[], &[], &[]));
		let g = |ex: Vec<(u8, ProvisionOf<Test>)>| grant_tree(Grantee::AnyMember, root(), ex).map(|_| ());
		assert_eq!(g(vec![(1, any())]), Err(Error::<Test>::InvalidNesting.into()), "names itself");
		assert_eq!(g(vec![(0, any()), (3, any())]), Err(Error::<Test>::InvalidNesting.into()), "names a later one");
		let chain: Vec<_> = (0..5u8).map(|i| (i, any())).collect();
		assert_eq!(g(chain[..4].to_vec()), Ok(()), "four levels");
		// The mock allows four exceptions: a fifth level needs a longer list; check the pure rule.
		let five: Vec<ExceptionOf<Test>> = (0..5u8).map(|parent| Exception { parent, provision: any() }).collect();
		assert_eq!(decision::nesting_is_valid(&five), Err(decision::NestingError::TooDeep));
		let mut empty = any();
		empty.period = Some(Validity { start: 5, expires_at: Some(5) });
		assert_eq!(g(vec![(0, empty)]), Err(Error::<Test>::InvalidProvisionPeriod.into()));
		let mut backwards = any();
		backwards.data.data_period = Some(DataPeriod { start: Some(Y2020), end: Some(Y2020 - 1) });
		assert_eq!(g(vec![(0, backwards)]), Err(Error::<Test>::InvalidDataPeriod.into()));
		let mut unknown = any();
		unknown.data.records = BoundedVec::truncate_from(vec![DataReference { anchor: 404, original: 0 }]);
		assert_eq!(g(vec![(0, unknown)]), Err(Error::<Test>::UnknownRecord.into()));
		add_record(RecordFacts {
			id: 7,
			original: 7,
			subject: SAM,
			custodian: None,
			author: SAM,
			category: C::LabResult,
			resource_type: FhirResourceType::Observation,
			labels: vec![],
			clinical_time: None,
		});
		let mut someone_elses = any();
		someone_elses.data.records = BoundedVec::truncate_from(vec![DataReference { anchor: 7, original: 0 }]);
		assert_eq!(g(vec![(0, someone_elses)]), Err(Error::<Test>::RecordNotOfPatient.into()));
		assert!(PatientConsents::<Test>::get(PAT).len() == 1, "only the well-formed grant landed");
	});
}

#[test]
fn emergency_override_is_the_patients_choice_per_consent_and_the_review_rules_on_it() {
	test(|| {
		// Two refusals to the ER doctor's hospital: one emergency may override (the default),
		// one it may not (psychiatric notes, even in an emergency).
		let allowed =
			grant(Grantee::Organization(HOSPITAL2), deny(scope(&[A::Access], &[C::LabResult], &[], &[])), vec![], None);
		assert_ok!(Consent::grant_consent(
			RuntimeOrigin::signed(PAT),
			PAT,
			Grantee::Organization(HOSPITAL2),
			deny(scope(&[A::Access], &[C::PsychiatricNote], &[], &[])),
			Default::default(),
			H256::zero(),
			None,
			None,
			EmergencyOverride::Refused
		));
		let refused = NextConsentId::<Test>::get() - 1;
		assert_ok!(break_glass(ER_DOCTOR, P::ETREAT, 10));
		let ep = NextEpisodeId::<Test>::get() - 1;
		assert_eq!(Episodes::<Test>::get(ep).map(|e| e.overrides.into_inner()), Some(vec![allowed, refused]));
		assert_eq!(
			query(ER_DOCTOR, A::Access, C::LabResult, &[], P::ETREAT),
			AccessDecision::PermitBreakGlassOverridingDeny { episode: ep, consent: allowed, provision: 0 }
		);
		assert_eq!(
			query(ER_DOCTOR, A::Access, C::PsychiatricNote, &[], P::ETREAT),
			AccessDecision::DenyEmergencyOverrideRefused { episode: ep, consent: refused, provision: 0 }
		);
		// The review must rule on the override; not upheld, the refusal is back at once.
		let review =
			|upheld| Consent::close_review(RuntimeOrigin::signed(PRIVACY_OFFICER), ep, true, H256::zero(), upheld);
		assert_noop!(review(None), Error::<Test>::OverrideNotAddressed);
		assert_ok!(review(Some(false)));
		assert_eq!(
			query(ER_DOCTOR, A::Access, C::LabResult, &[], P::ETREAT),
			AccessDecision::DenyEmergencyOverrideRefused { episode: ep, consent: allowed, provision: 0 }
		);
		// An episode that overrode nothing has no override to rule on.
		assert_ok!(break_glass(DOCTOR, P::ETREAT, 10));
		let plain = NextEpisodeId::<Test>::get() - 1;
		assert_noop!(
			Consent::close_review(RuntimeOrigin::signed(PRIVACY_OFFICER2), plain, true, H256::zero(), Some(true)),
			Error::<Test>::NoOverrideToAddress
		);
	});
}
