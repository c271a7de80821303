//! The decision table: one policy, dozens of requests, each with its expected decision.
use super::*;

#[test]
fn decision_table() {
	test(|| {
		// Hospital (org): access/use for TREAT on everything, except deny PSY.
		let h = grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[Access, Use], &[], &[TREAT], &[])),
			vec![deny(scope(&[], &[], &[], &[PSY]))],
			None,
		);
		// Any pharmacy: prescriptions only, TREAT.
		let ph = grant(
			Grantee::OrganizationKind(OrganizationKind::Pharmacy),
			permit(scope(&[Access], &[Prescription], &[TREAT], &[])),
			vec![],
			None,
		);
		// Insurer: claims for payment, until block 20.
		let ins =
			grant(Grantee::Organization(INSURER), permit(scope(&[Access], &[Claim], &[HPAYMT], &[])), vec![], Some(20));
		// The psychiatrist personally: PSY notes explicitly.
		let _psy = grant(
			Grantee::Member { account: PSYCHIATRIST, organization: HOSPITAL },
			permit(scope(&[Access], &[PsychiatricNote], &[TREAT], &[PSY])),
			vec![],
			None,
		);
		// A consent granted by the guardian (delegate acting): the clerk may disclose claims.
		assert_ok!(Consent::grant_consent(
			RuntimeOrigin::signed(ANN),
			PAT,
			Grantee::Member { account: CLERK, organization: HOSPITAL },
			permit(scope(&[Disclose], &[Claim], &[HOPERAT], &[])),
			Default::default(),
			H256::zero(),
			None,
			None,
			EmergencyOverride::Allowed
		));
		let clerk = NextConsentId::<Test>::get() - 1;
		// A consent that is revoked at once.
		let revoked = grant(
			Grantee::Member { account: ER_DOCTOR, organization: HOSPITAL2 },
			permit(scope(&[Access], &[], &[], &[])),
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
			("hospital imaging treat", DOCTOR, Access, Imaging, vec![], TREAT, p(h, 0)),
			("hospital use lab", DOCTOR, Use, LabResult, vec![N], TREAT, p(h, 0)),
			("hospital disclose not granted", DOCTOR, Disclose, Imaging, vec![], TREAT, D::DenyNoConsent),
			("hospital research purpose mismatch", DOCTOR, Access, Imaging, vec![], HRESCH, D::DenyNoConsent),
			("physician never handles claims", DOCTOR, Access, Claim, vec![], HPAYMT, D::DenyRoleNotPermitted),
			(
				"hospital psy nested exception",
				DOCTOR,
				Access,
				PsychiatricNote,
				vec![PSY],
				TREAT,
				D::Deny { consent: h, provision: 1 },
			),
			(
				"hospital psy label on lab",
				DOCTOR,
				Access,
				LabResult,
				vec![PSY],
				TREAT,
				D::Deny { consent: h, provision: 1 },
			),
			("hospital hiv needs explicit", DOCTOR, Access, LabResult, vec![HIV], TREAT, D::DenySensitiveLabel(HIV)),
			("hospital restricted label", DOCTOR, Access, LabResult, vec![R], TREAT, D::DenySensitiveLabel(R)),
			("hospital normal label", DOCTOR, Access, LabResult, vec![N], TREAT, p(h, 0)),
			// Deny overrides: the hospital-wide "no PSY" outweighs the psychiatrist's own permit.
			(
				"hospital deny overrides personal permit",
				PSYCHIATRIST,
				Access,
				PsychiatricNote,
				vec![PSY],
				TREAT,
				D::Deny { consent: h, provision: 1 },
			),
			(
				"psy note carries PSY even undeclared",
				DOCTOR,
				Access,
				PsychiatricNote,
				vec![],
				TREAT,
				D::Deny { consent: h, provision: 1 },
			),
			(
				"psychiatrist psy note for research",
				PSYCHIATRIST,
				Access,
				PsychiatricNote,
				vec![PSY],
				HRESCH,
				D::DenyNoConsent,
			),
			(
				"psychiatrist other psy data",
				PSYCHIATRIST,
				Access,
				LabResult,
				vec![PSY],
				TREAT,
				D::Deny { consent: h, provision: 1 },
			),
			("psychiatrist imaging via hospital", PSYCHIATRIST, Access, Imaging, vec![], TREAT, p(h, 0)),
			("pharmacy role grantee rx", PHARMACIST, Access, Prescription, vec![], TREAT, p(ph, 0)),
			("pharmacy imaging", PHARMACIST, Access, Imaging, vec![], TREAT, D::DenyNoConsent),
			("pharmacy rx payment", PHARMACIST, Access, Prescription, vec![], HPAYMT, D::DenyNoConsent),
			("pharmacy rx use", PHARMACIST, Use, Prescription, vec![], TREAT, D::DenyNoConsent),
			("insurer claim", CLAIMS, Access, Claim, vec![], HPAYMT, p(ins, 0)),
			("insurer clinical note", CLAIMS, Access, ClinicalNote, vec![], HPAYMT, D::DenyNoConsent),
			("insurer claim for treatment", CLAIMS, Access, Claim, vec![], TREAT, D::DenyNoConsent),
			("clerk disclose via guardian consent", CLERK, Disclose, Claim, vec![], HOPERAT, p(clerk, 0)),
			("clerk access not granted", CLERK, Access, Claim, vec![], HOPERAT, D::DenyNoConsent),
			("revoked consent", ER_DOCTOR, Access, Imaging, vec![], TREAT, D::DenyNoConsent),
			("auditor handles no records", AUDITOR, Access, Imaging, vec![], TREAT, D::DenyRoleNotPermitted),
			(
				"privacy officer handles no records",
				PRIVACY_OFFICER,
				Access,
				Imaging,
				vec![],
				TREAT,
				D::DenyRoleNotPermitted,
			),
			(
				"claims officer psy note for treatment",
				CLAIMS,
				Access,
				PsychiatricNote,
				vec![PSY],
				TREAT,
				D::DenyRoleNotPermitted,
			),
			("stranger not a member", STRANGER, Access, Imaging, vec![], TREAT, D::DenyRequesterNotMember),
			("break-glass purpose without episode", ER_DOCTOR, Access, Imaging, vec![], ETREAT, D::DenyNoConsent),
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
		assert_ok!(Consent::break_glass(
			RuntimeOrigin::signed(ER_DOCTOR),
			PAT,
			ETREAT,
			BreakGlassReason::PatientIncapacitated,
			5
		));
		let ep = NextEpisodeId::<Test>::get() - 1;
		check(&[(
			"break-glass window open",
			ER_DOCTOR,
			Access,
			PsychiatricNote,
			vec![PSY],
			ETREAT,
			D::PermitBreakGlass { episode: ep },
		)]);
		run_to(6);
		check(&[
			("break-glass window closed", ER_DOCTOR, Access, Imaging, vec![], ETREAT, D::DenyNoConsent),
			("insurer before expiry", CLAIMS, Access, Claim, vec![], HPAYMT, p(ins, 0)),
		]);
		run_to(19);
		check(&[("insurer last valid block", CLAIMS, Access, Claim, vec![], HPAYMT, p(ins, 0))]);
		run_to(20);
		check(&[("insurer expired at the boundary", CLAIMS, Access, Claim, vec![], HPAYMT, D::DenyNoConsent)]);
	});
}
