//! The decision table: one policy, dozens of requests, each with its expected decision.
use super::*;

#[test]
fn decision_table() {
	test(|| {
		// Hospital (org): access/use for TREAT on everything, except deny PSY.
		let h = grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access, A::Use], &[], &[P::TREAT], &[])),
			vec![deny(scope(&[], &[], &[], &[L::PSY]))],
			None,
		);
		// Any pharmacy: prescriptions only, TREAT.
		let ph = grant(
			Grantee::OrganizationKind(OrganizationKind::Pharmacy),
			permit(scope(&[A::Access], &[C::Prescription], &[P::TREAT], &[])),
			vec![],
			None,
		);
		// Insurer: claims for payment, until block 20.
		let ins = grant(
			Grantee::Organization(INSURER),
			permit(scope(&[A::Access], &[C::Claim], &[P::HPAYMT], &[])),
			vec![],
			Some(20),
		);
		// The psychiatrist personally: PSY notes explicitly.
		let _psy = grant(
			Grantee::Member { account: PSYCHIATRIST, organization: HOSPITAL },
			permit(scope(&[A::Access], &[C::PsychiatricNote], &[P::TREAT], &[L::PSY])),
			vec![],
			None,
		);
		// A consent granted by the guardian (delegate acting): the clerk may disclose claims.
		assert_ok!(grant_as(
			ANN,
			PAT,
			Grantee::Member { account: CLERK, organization: HOSPITAL },
			permit(scope(&[A::Disclose], &[C::Claim], &[P::HOPERAT], &[]))
		));
		let clerk = NextConsentId::<Test>::get() - 1;
		// A consent that is revoked at once.
		let revoked = grant(
			Grantee::Member { account: ER_DOCTOR, organization: HOSPITAL2 },
			permit(scope(&[A::Access], &[], &[], &[])),
			vec![],
			None,
		);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(PAT), revoked));

		use AccessDecision as D;
		let p = |consent, provision| D::Permit { consent, provision };
		let cases: Vec<(
			&str,
			AccountId,
			ConsentAction,
			RecordCategory,
			Vec<SecurityLabel>,
			PurposeOfUse,
			AccessDecision,
		)> = vec![
			("hospital imaging treat", DOCTOR, A::Access, C::Imaging, vec![], P::TREAT, p(h, 0)),
			("hospital use lab", DOCTOR, A::Use, C::LabResult, vec![L::N], P::TREAT, p(h, 0)),
			("hospital disclose not granted", DOCTOR, A::Disclose, C::Imaging, vec![], P::TREAT, D::DenyNoConsent),
			("hospital research purpose mismatch", DOCTOR, A::Access, C::Imaging, vec![], P::HRESCH, D::DenyNoConsent),
			("physician never handles claims", DOCTOR, A::Access, C::Claim, vec![], P::HPAYMT, D::DenyRoleNotPermitted),
			(
				"hospital psy nested exception",
				DOCTOR,
				A::Access,
				C::PsychiatricNote,
				vec![L::PSY],
				P::TREAT,
				D::Deny { consent: h, provision: 1 },
			),
			(
				"hospital psy label on lab",
				DOCTOR,
				A::Access,
				C::LabResult,
				vec![L::PSY],
				P::TREAT,
				D::Deny { consent: h, provision: 1 },
			),
			(
				"hospital hiv needs explicit",
				DOCTOR,
				A::Access,
				C::LabResult,
				vec![L::HIV],
				P::TREAT,
				D::DenySensitiveLabel(L::HIV),
			),
			(
				"hospital restricted label",
				DOCTOR,
				A::Access,
				C::LabResult,
				vec![L::R],
				P::TREAT,
				D::DenySensitiveLabel(L::R),
			),
			("hospital normal label", DOCTOR, A::Access, C::LabResult, vec![L::N], P::TREAT, p(h, 0)),
			// Deny overrides: the hospital-wide "no PSY" outweighs the psychiatrist's own permit.
			(
				"hospital deny overrides personal permit",
				PSYCHIATRIST,
				A::Access,
				C::PsychiatricNote,
				vec![L::PSY],
				P::TREAT,
				D::Deny { consent: h, provision: 1 },
			),
			(
				"psy note carries PSY even undeclared",
				DOCTOR,
				A::Access,
				C::PsychiatricNote,
				vec![],
				P::TREAT,
				D::Deny { consent: h, provision: 1 },
			),
			(
				"psychiatrist psy note for research",
				PSYCHIATRIST,
				A::Access,
				C::PsychiatricNote,
				vec![L::PSY],
				P::HRESCH,
				D::DenyNoConsent,
			),
			(
				"psychiatrist other psy data",
				PSYCHIATRIST,
				A::Access,
				C::LabResult,
				vec![L::PSY],
				P::TREAT,
				D::Deny { consent: h, provision: 1 },
			),
			("psychiatrist imaging via hospital", PSYCHIATRIST, A::Access, C::Imaging, vec![], P::TREAT, p(h, 0)),
			("pharmacy role grantee rx", PHARMACIST, A::Access, C::Prescription, vec![], P::TREAT, p(ph, 0)),
			("pharmacy imaging", PHARMACIST, A::Access, C::Imaging, vec![], P::TREAT, D::DenyNoConsent),
			("pharmacy rx payment", PHARMACIST, A::Access, C::Prescription, vec![], P::HPAYMT, D::DenyNoConsent),
			("pharmacy rx use", PHARMACIST, A::Use, C::Prescription, vec![], P::TREAT, D::DenyNoConsent),
			("insurer claim", CLAIMS, A::Access, C::Claim, vec![], P::HPAYMT, p(ins, 0)),
			("insurer clinical note", CLAIMS, A::Access, C::ClinicalNote, vec![], P::HPAYMT, D::DenyNoConsent),
			("insurer claim for treatment", CLAIMS, A::Access, C::Claim, vec![], P::TREAT, D::DenyNoConsent),
			("clerk disclose via guardian consent", CLERK, A::Disclose, C::Claim, vec![], P::HOPERAT, p(clerk, 0)),
			("clerk access not granted", CLERK, A::Access, C::Claim, vec![], P::HOPERAT, D::DenyNoConsent),
			("revoked consent", ER_DOCTOR, A::Access, C::Imaging, vec![], P::TREAT, D::DenyNoConsent),
			("auditor handles no records", AUDITOR, A::Access, C::Imaging, vec![], P::TREAT, D::DenyRoleNotPermitted),
			(
				"privacy officer handles no records",
				PRIVACY_OFFICER,
				A::Access,
				C::Imaging,
				vec![],
				P::TREAT,
				D::DenyRoleNotPermitted,
			),
			(
				"claims officer psy note for treatment",
				CLAIMS,
				A::Access,
				C::PsychiatricNote,
				vec![L::PSY],
				P::TREAT,
				D::DenyRoleNotPermitted,
			),
			("stranger not a member", STRANGER, A::Access, C::Imaging, vec![], P::TREAT, D::DenyRequesterNotMember),
			(
				"break-glass purpose without episode",
				ER_DOCTOR,
				A::Access,
				C::Imaging,
				vec![],
				P::ETREAT,
				D::DenyNoConsent,
			),
		];
		let check = |cases: &[(
			&str,
			AccountId,
			ConsentAction,
			RecordCategory,
			Vec<SecurityLabel>,
			PurposeOfUse,
			AccessDecision,
		)]| {
			for (name, who, action, category, labels, purpose, expected) in cases {
				assert_eq!(&query(*who, *action, *category, labels, *purpose), expected, "case: {name}");
			}
		};
		check(&cases);

		// Break-glass window: open then closed.
		assert_ok!(break_glass(ER_DOCTOR, P::ETREAT, 5));
		let ep = NextEpisodeId::<Test>::get() - 1;
		check(&[(
			"break-glass window open",
			ER_DOCTOR,
			A::Access,
			C::PsychiatricNote,
			vec![L::PSY],
			P::ETREAT,
			D::PermitBreakGlass { episode: ep },
		)]);
		run_to(6);
		check(&[
			("break-glass window closed", ER_DOCTOR, A::Access, C::Imaging, vec![], P::ETREAT, D::DenyNoConsent),
			("insurer before expiry", CLAIMS, A::Access, C::Claim, vec![], P::HPAYMT, p(ins, 0)),
		]);
		run_to(19);
		check(&[("insurer last valid block", CLAIMS, A::Access, C::Claim, vec![], P::HPAYMT, p(ins, 0))]);
		run_to(20);
		check(&[("insurer expired at the boundary", CLAIMS, A::Access, C::Claim, vec![], P::HPAYMT, D::DenyNoConsent)]);
	});
}
