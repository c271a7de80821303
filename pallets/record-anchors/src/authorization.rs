//! Who may anchor a record: the one place that answers it.
//!
//! An anchor about a patient is allowed when one of these holds, checked in this order by
//! [`Pallet::authorize`]:
//!
//! 1. the caller is the patient's own key, or a delegate holding `AnchorRecords`, and is not a
//!    member of an organisation: the record is the patient's own (patient-reported), with no
//!    compliance or consent check;
//! 2. otherwise the caller must be a member of an active organisation ([`Pallet::standing`]):
//!    a role that handles the category for the purpose (`MemberRole::may_handle`), and an
//!    organisation compliant for the category (the compliance pallet, through `ComplianceCheck`);
//! 3. and the patient's consents must permit the organisation to `Store` (or `Amend`) data of
//!    that category, labels and purpose ([`Pallet::member_may_store`], through `ConsentCheck`);
//!    for a pseudonym subject, the consents its key granted decide, and the pseudonym's
//!    audience must be the caller's organisation.
//!
//! Each refusal is the named error of the rule that forbids it (`NotActiveMember`,
//! `RoleNotPermitted`, `OrganizationInactive`, `MissingAttestation`, `NoConsent`, …).

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn compliance_error(r: ComplianceRefusal) -> DispatchError {
		let e = match r {
			ComplianceRefusal::UnknownOrganization | ComplianceRefusal::OrganizationInactive => {
				Error::<T>::OrganizationInactive
			},
			ComplianceRefusal::MissingAttestation(_) => Error::<T>::MissingAttestation,
			ComplianceRefusal::AttestationExpired(_) => Error::<T>::AttestationExpired,
			ComplianceRefusal::AttestationRevoked(_) => Error::<T>::AttestationRevoked,
			ComplianceRefusal::AttestorNotAccredited(_) => Error::<T>::AttestorNotAccredited,
			ComplianceRefusal::AttestorInactive(_) => Error::<T>::AttestorInactive,
			ComplianceRefusal::NotPermittedForKind => Error::<T>::NotPermittedForKind,
		};
		e.into()
	}

	#[allow(clippy::too_many_arguments)]
	pub(crate) fn check_consent(
		who: &T::AccountId,
		patient: &T::AccountId,
		action: ConsentAction,
		category: RecordCategory,
		resource_type: FhirResourceType,
		labels: &[SecurityLabel],
		purpose: PurposeOfUse,
		now: BlockNumberFor<T>,
		data: DataContext<T::AccountId>,
	) -> DispatchResult {
		let query = AccessQuery {
			requester: who.clone(),
			patient: patient.clone(),
			action,
			category,
			resource_type: Some(resource_type),
			labels: labels.to_vec(),
			purpose,
			data,
			recipient: None,
		};
		match T::Consent::check_access(&query, now) {
			d if d.is_permit() => Ok(()),
			healthchain_primitives::AccessDecision::Deny { .. } => Err(Error::<T>::ConsentDenied.into()),
			healthchain_primitives::AccessDecision::DenySensitiveLabel(_) => {
				Err(Error::<T>::SensitiveLabelNotPermitted.into())
			},
			healthchain_primitives::AccessDecision::DenyUnknownPatient => Err(Error::<T>::UnknownPatient.into()),
			healthchain_primitives::AccessDecision::DenyRequesterNotMember => Err(Error::<T>::NotActiveMember.into()),
			healthchain_primitives::AccessDecision::DenyInvalidQuery => Err(Error::<T>::TooManyLabels.into()),
			healthchain_primitives::AccessDecision::DenyRoleNotPermitted => Err(Error::<T>::RoleNotPermitted.into()),
			healthchain_primitives::AccessDecision::DenyNotCompliant(r) => Err(Self::compliance_error(r)),
			healthchain_primitives::AccessDecision::DenyUnknownRecord => Err(Error::<T>::UnknownAnchor.into()),
			healthchain_primitives::AccessDecision::DenyEmergencyOverrideRefused { .. } => {
				Err(Error::<T>::ConsentDenied.into())
			},
			_ => Err(Error::<T>::NoConsent.into()),
		}
	}

	/// Who may store (or amend) a record about `subject`; returns the organisation it is stored
	/// for (`None` for a patient's own report).
	pub(crate) fn authorize(
		who: &T::AccountId,
		subject: &SubjectOf<T>,
		action: ConsentAction,
		category: RecordCategory,
		resource_type: FhirResourceType,
		labels: &[SecurityLabel],
		purpose: PurposeOfUse,
		target: Target,
	) -> Result<Option<OrganizationId>, DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let member = T::Organizations::membership(who);
		if let RecordSubject::Patient(p) = subject {
			// A patient subject is a patient: a pseudonym's key is reached only through its
			// pseudonym, so its audience rule cannot be walked around.
			ensure!(T::Patients::is_active_patient(p), Error::<T>::UnknownPatient);
			if member.is_none() && T::Patients::may_act_for(who, p, DelegateAction::AnchorRecords, now) {
				ensure!(
					matches!(category, RecordCategory::PatientReported | RecordCategory::DeviceData),
					Error::<T>::NotPatientReportable
				);
				return Ok(None);
			}
		}
		let Membership { organization: org, role, .. } = member.ok_or(Error::<T>::NotActiveMember)?;
		Self::standing(org, role, category, purpose, now)?;
		Self::member_may_store(who, org, subject, action, category, resource_type, labels, purpose, target, now)?;
		Ok(Some(org))
	}

	/// The caller's standing to handle `category` for `purpose`, in the decision's order: the
	/// member's role, then the organisation's compliance.
	pub(crate) fn standing(
		org: OrganizationId,
		role: MemberRole,
		category: RecordCategory,
		purpose: PurposeOfUse,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		ensure!(role.may_handle(category, purpose), Error::<T>::RoleNotPermitted);
		T::Compliance::is_compliant(org, category, now).map_err(Self::compliance_error)
	}

	/// What a member with standing for the category still needs to store (or amend) a record
	/// about `subject`: a pseudonym published for its organisation, and the subject's consent.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn member_may_store(
		who: &T::AccountId,
		org: OrganizationId,
		subject: &SubjectOf<T>,
		action: ConsentAction,
		category: RecordCategory,
		resource_type: FhirResourceType,
		labels: &[SecurityLabel],
		purpose: PurposeOfUse,
		target: Target,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		if let RecordSubject::Pseudonym(ps) = subject {
			ensure!(T::Patients::resolve_pseudonym(ps).is_some(), Error::<T>::UnknownPseudonym);
			ensure!(T::Patients::pseudonym_audience(ps) == Some(org), Error::<T>::PseudonymOfAnotherOrganization);
		}
		let patient = Self::patient_of(subject).ok_or(Error::<T>::UnknownPseudonym)?;
		let data = match target {
			Target::New(clinical_time) => DataContext::New { custodian: Some(org), author: who.clone(), clinical_time },
			Target::Existing(id) => DataContext::Anchor(id),
		};
		Self::check_consent(who, &patient, action, category, resource_type, labels, purpose, now, data)
	}
}
