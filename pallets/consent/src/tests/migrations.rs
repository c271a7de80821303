//! The v0 → v1 storage migration.
use super::*;
use crate::migrations::{
	v1::{AccessLog as OldAccessLog, MigrateV0ToV1, OldConsentRecord, OldGrantee},
	v2::MigrateV1ToV2,
	v2_types::{OldAccessLogEntry, OldProvision, OldScope},
	v3::MigrateV2ToV4,
	v4,
};
use healthchain_primitives::Code;
use polkadot_sdk::frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

/// A scope as v2 and v3 stored it (actions as a bit mask).
fn old_scope(s: ScopeOf<Test>) -> OldScope<<Test as Config>::MaxCodes> {
	OldScope {
		actions: s.actions.iter().fold(0u8, |mask, a| mask | 1 << a.position()),
		categories: s.categories,
		resource_types: s.resource_types,
		purposes: s.purposes,
		labels: s.labels,
	}
}

#[test]
fn v1_binds_account_grants_and_refiles_the_access_log_by_organisation() {
	test(|| {
		StorageVersion::new(0).put::<Pallet<Test>>();
		let ticket = <<Test as crate::Config>::Consideration as Consideration<_, _>>::new(
			&PAT,
			Footprint::from_mel::<ConsentOf<Test>>(),
		)
		.expect("deposit");
		let old: OldConsentRecord<
			AccountId,
			u64,
			_,
			polkadot_sdk::frame_support::traits::ConstU32<8>,
			polkadot_sdk::frame_support::traits::ConstU32<4>,
		> = OldConsentRecord {
			patient: PAT,
			granted_by: PAT,
			grantee: OldGrantee::Account(DOCTOR),
			provision: OldProvision {
				decision: Decision::Permit,
				scope: old_scope(scope(&[A::Access], &[], &[], &[])),
			},
			exceptions: Default::default(),
			policy: H256::zero(),
			start: 1,
			end: None,
			recorded_at: 1,
			source: ConsentSource::Direct,
			deposit: Deposit { payer: PAT, ticket },
		};
		polkadot_sdk::frame_support::storage::unhashed::put_raw(&Consents::<Test>::hashed_key_for(7), &old.encode());
		PatientConsents::<Test>::insert(PAT, BoundedVec::truncate_from(vec![7]));
		NextConsentId::<Test>::put(8);
		for (seq, who, org) in [(0u64, DOCTOR, HOSPITAL), (1, PHARMACIST, PHARMACY), (2, DOCTOR, HOSPITAL)] {
			OldAccessLog::<Test>::insert(
				PAT,
				seq as u32,
				OldAccessLogEntry {
					seq,
					accessor: who,
					organization: org,
					action: A::Access,
					category: C::Imaging,
					purpose: P::TREAT,
					decision: AccessDecision::DenyNoConsent,
					outcome: AccessOutcome::Success,
					at: 1,
				},
			);
		}
		AccessLogNext::<Test>::insert(PAT, 3);
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(1));
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		MigrateV2ToV4::<Test>::on_runtime_upgrade();
		assert_eq!(
			Consents::<Test>::get(7).map(|c| c.grantee),
			Some(Grantee::Member { account: DOCTOR, organization: HOSPITAL })
		);
		assert_eq!(DisclosureCount::<Test>::get(PAT, HOSPITAL), 2);
		assert_eq!(DisclosureCount::<Test>::get(PAT, PHARMACY), 1);
		assert_eq!(Consent::access_log(&PAT).iter().map(|e| e.seq).collect::<Vec<_>>(), vec![0, 1, 2]);
		assert!(OldAccessLog::<Test>::iter_keys().next().is_none());
		// The migrated grant decides as before, now bound to the doctor's organisation.
		assert!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT).is_permit());
		// Running it again does nothing (guarded by the storage version).
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(DisclosureCount::<Test>::get(PAT, HOSPITAL), 2);
	});
}

#[test]
fn v2_records_each_history_entrys_review_state() {
	test(|| {
		assert_ok!(break_glass(ER_DOCTOR, P::ETREAT, 5));
		assert_ok!(break_glass(DOCTOR, P::ETREAT, 5));
		assert_ok!(Consent::close_review(RuntimeOrigin::signed(PRIVACY_OFFICER), 0, true, H256::zero(), None));
		// The v1 history: bare ids, and one id whose episode is gone.
		let v1: BoundedVec<EpisodeId, polkadot_sdk::frame_support::traits::ConstU32<3>> =
			BoundedVec::truncate_from(vec![0, 1, 7]);
		polkadot_sdk::frame_support::storage::unhashed::put_raw(
			&PatientEpisodes::<Test>::hashed_key_for(PAT),
			&codec::Encode::encode(&v1),
		);
		StorageVersion::new(1).put::<Pallet<Test>>();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(
			PatientEpisodes::<Test>::get(PAT).into_inner(),
			vec![HistoryEntry { episode: 0, pending: false }, HistoryEntry { episode: 1, pending: true }]
		);
	});
}

#[test]
fn v3_nests_v2_exceptions_in_the_root_and_keeps_their_decisions() {
	use crate::migrations::v2_types::{
		Consents as V2Consents, Disclosures as V2Disclosures, OldConsentRecord as V2Consent,
	};
	test(|| {
		let ticket = <<Test as crate::Config>::Consideration as Consideration<_, _>>::new(
			&PAT,
			Footprint::from_mel::<ConsentOf<Test>>(),
		)
		.expect("deposit");
		// A v2 consent: permit the hospital everything for TREAT, except a flat deny of PSY.
		let v2 = V2Consent {
			patient: PAT,
			granted_by: PAT,
			grantee: Grantee::Organization(HOSPITAL),
			provision: OldProvision {
				decision: Decision::Permit,
				scope: old_scope(scope(&[A::Access], &[], &[P::TREAT], &[L::PSY])),
			},
			exceptions: BoundedVec::truncate_from(vec![OldProvision {
				decision: Decision::Deny,
				scope: old_scope(scope(&[], &[], &[], &[L::PSY])),
			}]),
			policy: H256::zero(),
			start: 1,
			end: None,
			recorded_at: 1,
			source: ConsentSource::Direct,
			deposit: Deposit { payer: PAT, ticket },
		};
		V2Consents::<Test>::insert(9, v2);
		PatientConsents::<Test>::insert(PAT, BoundedVec::truncate_from(vec![9]));
		NextConsentId::<Test>::put(10);
		V2Disclosures::<Test>::insert(
			(PAT, HOSPITAL, 0u32),
			OldAccessLogEntry {
				seq: 0,
				accessor: DOCTOR,
				organization: HOSPITAL,
				action: A::Access,
				category: C::Imaging,
				purpose: P::TREAT,
				decision: AccessDecision::DenyNoConsent,
				outcome: AccessOutcome::Success,
				at: 1,
			},
		);
		DisclosureCount::<Test>::insert(PAT, HOSPITAL, 1);
		AccessLogNext::<Test>::insert(PAT, 1);
		StorageVersion::new(2).put::<Pallet<Test>>();
		MigrateV2ToV4::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(4));
		let c = Consents::<Test>::get(9).expect("migrated");
		assert_eq!(c.exceptions.len(), 1);
		assert_eq!(c.exceptions[0].parent, 0);
		assert_eq!(c.emergency, EmergencyOverride::Allowed);
		assert_eq!(Consent::access_log(&PAT)[0].recipient, None);
		// It decides as before: imaging permitted, a psychiatric note denied by the exception.
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Permit { consent: 9, provision: 0 }
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::PsychiatricNote, &[], P::TREAT),
			AccessDecision::Deny { consent: 9, provision: 1 }
		);
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

#[test]
fn v4_turns_action_masks_into_named_action_sets_and_decides_as_before() {
	test(|| {
		let id = grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access, A::Use], &[], &[P::TREAT], &[])),
			vec![deny(scope(&[], &[], &[], &[L::PSY]))],
			None,
		);
		// Store it as v3 did: the same consent, its actions as masks.
		let c = Consents::<Test>::get(id).expect("granted");
		let old = |p: ProvisionOf<Test>| v4::OldProvision {
			decision: p.decision,
			scope: old_scope(p.scope),
			actor: p.actor,
			period: p.period,
			data: p.data,
		};
		let exceptions: Vec<_> = c.exceptions.iter().map(|e| (e.parent, old(e.provision.clone()))).collect();
		let v3 = v4::OldConsentRecord {
			patient: c.patient,
			granted_by: c.granted_by,
			grantee: c.grantee.clone(),
			provision: old(c.provision.clone()),
			exceptions: BoundedVec::<_, <Test as Config>::MaxExceptions>::truncate_from(exceptions),
			emergency: c.emergency,
			policy: c.policy,
			validity: c.validity,
			recorded_at: c.recorded_at,
			source: c.source,
			deposit: c.deposit.clone(),
		};
		assert_eq!(v3.provision.scope.actions, 0b110);
		polkadot_sdk::frame_support::storage::unhashed::put_raw(&Consents::<Test>::hashed_key_for(id), &v3.encode());
		// A pending request, stored as v3 did.
		let scope = scope(&[A::Access, A::Disclose], &[C::Prescription], &[P::TREAT], &[]);
		assert_ok!(Consent::request_access(RuntimeOrigin::signed(PHARMACIST), PAT, scope, H256::zero(), 10));
		let request = NextRequestId::<Test>::get() - 1;
		let r = Requests::<Test>::get(request).expect("pending");
		let v3_request = v4::OldAccessRequest {
			requester: r.requester,
			organization: r.organization,
			patient: r.patient,
			scope: old_scope(r.scope.clone()),
			justification: r.justification,
			grant_duration: r.grant_duration,
			expires_at: r.expires_at,
			deposit: r.deposit.clone(),
		};
		assert_eq!(v3_request.scope.actions, 0b1010);
		polkadot_sdk::frame_support::storage::unhashed::put_raw(
			&Requests::<Test>::hashed_key_for(request),
			&v3_request.encode(),
		);
		StorageVersion::new(3).put::<Pallet<Test>>();
		v4::MigrateV3ToV4::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(4));
		assert_eq!(Consents::<Test>::get(id), Some(c));
		assert_eq!(Requests::<Test>::get(request), Some(r));
		assert_eq!(
			query(DOCTOR, A::Use, C::Imaging, &[], P::TREAT),
			AccessDecision::Permit { consent: id, provision: 0 }
		);
	});
}
