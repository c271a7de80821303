//! # Healthchain primitives
//!
//! The vocabulary the consortium's pallets share, named after the standards integrators know
//! (HL7 FHIR, HL7 v3 `PurposeOfUse` and confidentiality/sensitivity codes, HIPAA), and the traits
//! through which pallets ask each other questions (wired in the runtime; no pallet reads another's
//! storage).
//!
//! Every type here is a code or a fixed-size value: none can carry personal data.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};

use scale_info::TypeInfo;

mod code_set;
mod deposit;
mod validity;
pub use code_set::{Code, CodeSet};
pub use deposit::Deposit;
pub use validity::{is_expired, Validity};

/// On-chain id of a consortium organisation.
pub type OrganizationId = u32;

macro_rules! code_enum {
	($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $v:ident),+ $(,)? }) => {
		$(#[$m])*
		#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, TypeInfo, MaxEncodedLen)]
		#[derive(serde::Serialize, serde::Deserialize)]
		pub enum $name { $($(#[$vm])* $v),+ }

		impl $name {
			/// Every variant, in declaration order.
			pub const ALL: &'static [$name] = &[$($name::$v),+];
			/// The variant's name, as integrators and auditors read it.
			pub fn as_str(&self) -> &'static str {
				match self { $($name::$v => stringify!($v)),+ }
			}
		}

		impl Code for $name {
			const ALL: &'static [$name] = $name::ALL;
			fn position(&self) -> u32 {
				*self as u32
			}
		}
	};
}

code_enum! {
	/// What kind of organisation a consortium member is.
	pub enum OrganizationKind {
		Hospital,
		Clinic,
		Laboratory,
		ImagingCentre,
		Pharmacy,
		Insurer,
		ResearchInstitution,
		/// An accredited auditor (attestor).
		Auditor,
		Regulator,
	}
}

impl OrganizationKind {
	/// Whether organisations of this kind deliver emergency care, and so may break the glass
	/// (hospitals and clinics). Laboratories, imaging centres and pharmacies act on orders from
	/// them; insurers, research institutions, auditors and regulators never treat patients.
	pub fn provides_emergency_care(&self) -> bool {
		matches!(self, OrganizationKind::Hospital | OrganizationKind::Clinic)
	}
}

code_enum! {
	/// The role of a member account within its organisation.
	pub enum MemberRole {
		/// The organisation's administrator: manages its member accounts.
		Administrator,
		Physician,
		Nurse,
		Pharmacist,
		LabTechnician,
		Radiologist,
		ClaimsOfficer,
		Researcher,
		/// HIPAA privacy officer: reviews break-glass episodes.
		PrivacyOfficer,
		Auditor,
		/// An integrated information system (EHR, LIS, PACS) acting for the organisation.
		System,
	}
}

impl MemberRole {
	/// Whether the role delivers care (may, for example, break the glass).
	pub fn is_clinical(&self) -> bool {
		matches!(
			self,
			MemberRole::Physician
				| MemberRole::Nurse
				| MemberRole::Pharmacist
				| MemberRole::LabTechnician
				| MemberRole::Radiologist
		)
	}

	/// Whether a member in this role may handle (store, amend, read, use, disclose) records of
	/// `category` for `purpose` — HIPAA's minimum necessary, by role, before any consent counts:
	/// - care roles: every clinical category, never claims;
	/// - claims officers: claims, and any category for payment (`HPAYMT` and its specialisations);
	/// - researchers: clinical-trial records, and any category for research (`HRESCH` and its
	///   specialisations);
	/// - an integrated system (EHR, LIS, PACS) acts for its organisation: every category;
	/// - administrators, privacy officers and auditors govern, review and audit: no records.
	pub fn may_handle(&self, category: RecordCategory, purpose: PurposeOfUse) -> bool {
		let payment = PurposeOfUse::HPAYMT.subsumes(&purpose);
		match self {
			MemberRole::Administrator | MemberRole::PrivacyOfficer | MemberRole::Auditor => false,
			MemberRole::System => true,
			MemberRole::ClaimsOfficer => category == RecordCategory::Claim || payment,
			MemberRole::Researcher => {
				category == RecordCategory::ClinicalTrial || PurposeOfUse::HRESCH.subsumes(&purpose)
			},
			MemberRole::Physician
			| MemberRole::Nurse
			| MemberRole::Pharmacist
			| MemberRole::LabTechnician
			| MemberRole::Radiologist => category != RecordCategory::Claim,
		}
	}
}

code_enum! {
	/// Category of a health record.
	pub enum RecordCategory {
		Prescription,
		Imaging,
		LabResult,
		ClinicalNote,
		PsychiatricNote,
		Claim,
		RegistryEntry,
		DeviceData,
		PatientReported,
		Genomic,
		ClinicalTrial,
		Immunization,
		Allergy,
		DischargeSummary,
		/// Records of substance-use-disorder treatment (42 CFR Part 2).
		SubstanceUseTreatment,
	}
}

impl RecordCategory {
	/// The security labels data of this category always carries, whatever the author declares:
	/// psychiatric notes are `PSY`, genomic data `GDIS`, substance-use-disorder treatment records
	/// `SUD` (HL7 v3 ActCode sensitivity). A query or an anchor adds its own labels to these; it
	/// can never remove them.
	pub fn mandatory_labels(&self) -> &'static [SecurityLabel] {
		match self {
			RecordCategory::PsychiatricNote => &[SecurityLabel::PSY],
			RecordCategory::Genomic => &[SecurityLabel::GDIS],
			RecordCategory::SubstanceUseTreatment => &[SecurityLabel::SUD],
			_ => &[],
		}
	}

	/// The labels of data of this category declared with `declared`: the mandatory ones first,
	/// then the declared ones, without repeats.
	pub fn effective_labels(&self, declared: &[SecurityLabel]) -> alloc::vec::Vec<SecurityLabel> {
		let mut out: alloc::vec::Vec<SecurityLabel> = self.mandatory_labels().to_vec();
		for l in declared {
			if !out.contains(l) {
				out.push(*l);
			}
		}
		out
	}
}

code_enum! {
	/// Kinds of compliance attestation an accredited auditor can issue.
	pub enum AttestationType {
		/// HIPAA Security Rule risk assessment (§164.308, §164.312).
		HipaaSecurityRule,
		/// HIPAA Privacy Rule compliance.
		HipaaPrivacyRule,
		/// GDPR (Art. 9 special-category data processing).
		Gdpr,
		/// ISO/IEC 27001 certification.
		Iso27001,
		/// De-identification by Safe Harbor (§164.514(b)(2)).
		DeidentificationSafeHarbor,
		/// De-identification by Expert Determination (§164.514(b)(1)).
		DeidentificationExpertDetermination,
	}
}

/// Why an organisation is not compliant, in words an auditor understands.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum ComplianceRefusal {
	/// The organisation is unknown.
	UnknownOrganization,
	/// The organisation is suspended or retired.
	OrganizationInactive,
	/// No attestation of this type was ever issued for the organisation.
	MissingAttestation(AttestationType),
	/// The only attestations of this type have expired.
	AttestationExpired(AttestationType),
	/// The attestations of this type were revoked.
	AttestationRevoked(AttestationType),
	/// The attestations of this type were issued by attestors whose accreditation was withdrawn.
	AttestorNotAccredited(AttestationType),
	/// The consortium has not permitted organisations of this kind to anchor this category (no
	/// requirement is set for the pair): compliance fails closed.
	NotPermittedForKind,
	/// The attestations of this type were issued by an attestor organisation that is suspended
	/// or retired.
	AttestorInactive(AttestationType),
}

/// A member account's standing in the consortium: its organisation, the organisation's kind and
/// the account's role.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Membership {
	/// The member's organisation.
	pub organization: OrganizationId,
	/// The organisation's kind.
	pub kind: OrganizationKind,
	/// The member's role.
	pub role: MemberRole,
}

/// Who the consortium's members are (implemented by `pallet-organizations`).
pub trait OrganizationDirectory<AccountId> {
	/// The organisation `who` is a member of (any status).
	fn organization_of(who: &AccountId) -> Option<OrganizationId>;
	/// The role of `who` in their organisation.
	fn role_of(who: &AccountId) -> Option<MemberRole>;
	/// The kind of an organisation.
	fn kind_of(org: OrganizationId) -> Option<OrganizationKind>;
	/// Whether an organisation exists and is active.
	fn is_active(org: OrganizationId) -> bool;
	/// `who`'s membership, if `who` is a member of an active organisation.
	fn membership(who: &AccountId) -> Option<Membership> {
		let organization = Self::organization_of(who)?;
		if !Self::is_active(organization) {
			return None;
		}
		Some(Membership { organization, kind: Self::kind_of(organization)?, role: Self::role_of(who)? })
	}
}

/// Whether organisations meet the consortium's compliance requirements (implemented by
/// `pallet-compliance`).
pub trait ComplianceCheck<BlockNumber> {
	/// `Ok` if `org` holds, at block `now`, every attestation type the consortium requires of its
	/// kind to anchor records of `category`; otherwise the first reason it does not.
	fn is_compliant(org: OrganizationId, category: RecordCategory, now: BlockNumber) -> Result<(), ComplianceRefusal>;

	/// Whether `org` is an active auditor organisation holding at least one valid accreditation
	/// at `now` (an "accredited auditor", who may review break-glass episodes of any member).
	fn is_accredited_auditor(org: OrganizationId, now: BlockNumber) -> bool;
}

code_enum! {
	/// What a patient's delegate may do for the patient (a delegate's scope is a
	/// [`CodeSet`] of these).
	pub enum DelegateAction {
		/// Grant and revoke consents for the patient.
		ManageConsent,
		/// Approve or deny access requests.
		ApproveAccess,
		/// Be notified of break-glass episodes and access requests (emergency contacts).
		Notify,
		/// Anchor the patient's own (patient-reported) records.
		AnchorRecords,
		/// Take part in recovering the patient's identity to a new account.
		Recovery,
		/// Read the patient's accounting of disclosures where it is served with access control
		/// (the gateway checks this scope; the ledger's own state is public, as every node holds
		/// it).
		ReadAudit,
	}
}

/// Identity information other pallets need about patients (implemented by
/// `pallet-patient-identity`).
pub trait PatientRegistry<AccountId, BlockNumber> {
	/// Whether `who` is a registered, active patient.
	fn is_active_patient(who: &AccountId) -> bool;
	/// The active commitment of `who`.
	fn commitment_of(who: &AccountId) -> Option<polkadot_sdk::sp_core::H256>;
	/// Whether `who` is an active consent subject: a patient (by id) or the key of a published
	/// pseudonym. Consents, access requests, break-glass episodes and the access log are kept
	/// per subject.
	fn is_active_subject(who: &AccountId) -> bool;
	/// The key that controls subject `subject` now: for a patient (known by a stable id, the
	/// account that registered; keys rotate and recover under it) its current key, for a
	/// pseudonym key itself.
	fn controller_of(subject: &AccountId) -> Option<AccountId>;
	/// The consent subject of a published pseudonym: its pseudonym key, which nothing on chain
	/// links to the patient's account.
	fn resolve_pseudonym(pseudonym: &polkadot_sdk::sp_core::H256) -> Option<AccountId>;
	/// The organisation a pseudonym was published for (the only one that may anchor under it).
	fn pseudonym_audience(pseudonym: &polkadot_sdk::sp_core::H256) -> Option<OrganizationId>;
	/// Whether `agent` may take `action` for subject `patient` at
	/// `now`: the key that controls the patient's identity always may (a key rotated away never
	/// may); a delegate may when their scope holds the action and has not expired; a pseudonym
	/// key acts for its own pseudonym only.
	fn may_act_for(agent: &AccountId, patient: &AccountId, action: DelegateAction, now: BlockNumber) -> bool;
	/// The delegates of `patient` whose valid scope includes `action` (e.g. who to notify).
	fn delegates_with(patient: &AccountId, action: DelegateAction, now: BlockNumber) -> alloc::vec::Vec<AccountId>;
}

code_enum! {
	/// HL7 v3 `PurposeOfUse`: why data is accessed.
	pub enum PurposeOfUse {
		/// `TREAT` treatment.
		TREAT,
		/// `ETREAT` emergency treatment.
		ETREAT,
		/// `BTG` break the glass.
		BTG,
		/// `HPAYMT` healthcare payment.
		HPAYMT,
		/// `HOPERAT` healthcare operations.
		HOPERAT,
		/// `HRESCH` healthcare research.
		HRESCH,
		/// `PUBHLTH` public health.
		PUBHLTH,
		/// `PATRQT` patient requested.
		PATRQT,
		/// `FAMRQT` family requested.
		FAMRQT,
		/// `PWATRNY` power of attorney.
		PWATRNY,
		/// `HLEGAL` legal.
		HLEGAL,
		/// `CLMATTCH` claim attachment.
		CLMATTCH,
		// The rest of the v3 PurposeOfUse hierarchy, appended so that earlier codes keep their
		// encoding.
		/// `HMARKT` healthcare marketing.
		HMARKT,
		/// `CAREMGT` care management.
		CAREMGT,
		/// `DONAT` donation.
		DONAT,
		/// `FRAUD` fraud.
		FRAUD,
		/// `GOV` government.
		GOV,
		/// `HACCRED` health accreditation.
		HACCRED,
		/// `HCOMPL` health compliance.
		HCOMPL,
		/// `HDECD` decedent.
		HDECD,
		/// `HDIRECT` directory.
		HDIRECT,
		/// `HDM` health data management.
		HDM,
		/// `HOUTCOMS` health outcome measure.
		HOUTCOMS,
		/// `HPRGRP` health program reporting.
		HPRGRP,
		/// `HQUALIMP` health quality improvement.
		HQUALIMP,
		/// `HSYSADMIN` health system administration.
		HSYSADMIN,
		/// `LABELING` labeling.
		LABELING,
		/// `METAMGT` metadata management.
		METAMGT,
		/// `MEMADMIN` member administration.
		MEMADMIN,
		/// `MILCDM` military command.
		MILCDM,
		/// `PATADMIN` patient administration.
		PATADMIN,
		/// `PATSFTY` patient safety.
		PATSFTY,
		/// `PERFMSR` performance measure.
		PERFMSR,
		/// `RECORDMGT` records management.
		RECORDMGT,
		/// `SYSDEV` system development.
		SYSDEV,
		/// `TRAIN` training.
		TRAIN,
		/// `COVAUTH` coverage authorization.
		COVAUTH,
		/// `COVERAGE` coverage under policy or program.
		COVERAGE,
		/// `ELIGDTRM` eligibility determination.
		ELIGDTRM,
		/// `ELIGVER` eligibility verification.
		ELIGVER,
		/// `ENROLLM` enrollment.
		ENROLLM,
		/// `MILDCRG` military discharge.
		MILDCRG,
		/// `REMITADV` remittance advice.
		REMITADV,
		/// `BIORCH` biomedical research.
		BIORCH,
		/// `CLINTRCH` clinical trial research.
		CLINTRCH,
		/// `CLINTRCHNPC` clinical trial research without patient care.
		CLINTRCHNPC,
		/// `CLINTRCHPC` clinical trial research with patient care.
		CLINTRCHPC,
		/// `PRECLINTRCH` preclinical trial research.
		PRECLINTRCH,
		/// `DSRCH` disease-specific research.
		DSRCH,
		/// `POARCH` public opinion research.
		POARCH,
		/// `TRANSRCH` translational healthcare research.
		TRANSRCH,
		/// `SUPNWK` support network.
		SUPNWK,
		/// `DISASTER` disaster.
		DISASTER,
		/// `THREAT` threat.
		THREAT,
		/// `CLINTRL` clinical trial (treatment within a trial).
		CLINTRL,
		/// `COC` coordination of care.
		COC,
		/// `ERTREAT` emergency room treatment.
		ERTREAT,
		/// `POPHLTH` population health.
		POPHLTH,
	}
}

impl PurposeOfUse {
	/// The code's parent in the HL7 v3 PurposeOfUse hierarchy (`None` for the top-level purposes
	/// `TREAT`, `HPAYMT`, `HOPERAT`, `HRESCH`, `PUBHLTH`, `PATRQT`, `HMARKT`).
	pub fn parent(&self) -> Option<PurposeOfUse> {
		use PurposeOfUse::*;
		Some(match self {
			TREAT | HPAYMT | HOPERAT | HRESCH | PUBHLTH | PATRQT | HMARKT => return None,
			ETREAT | CLINTRL | COC | POPHLTH => TREAT,
			BTG | ERTREAT => ETREAT,
			CLMATTCH | COVAUTH | COVERAGE | MILDCRG | REMITADV => HPAYMT,
			ELIGDTRM | ELIGVER | ENROLLM => COVERAGE,
			CAREMGT | DONAT | FRAUD | GOV | HACCRED | HCOMPL | HDECD | HDIRECT | HDM | HLEGAL | HOUTCOMS | HPRGRP
			| HQUALIMP | HSYSADMIN | LABELING | METAMGT | MEMADMIN | MILCDM | PATADMIN | PATSFTY | PERFMSR
			| RECORDMGT | SYSDEV | TRAIN => HOPERAT,
			BIORCH | CLINTRCH | PRECLINTRCH | DSRCH | POARCH | TRANSRCH => HRESCH,
			CLINTRCHNPC | CLINTRCHPC => CLINTRCH,
			FAMRQT | PWATRNY | SUPNWK => PATRQT,
			DISASTER | THREAT => PUBHLTH,
		})
	}

	/// Whether `self` subsumes `other` as the code system defines it: `other` is `self` or one of
	/// its descendants (`TREAT` subsumes `ETREAT` and `BTG`; `ETREAT` does not subsume `TREAT`).
	/// A consent for a general purpose covers its specialisations, never the other way round.
	pub fn subsumes(&self, other: &PurposeOfUse) -> bool {
		let mut current = Some(*other);
		// The hierarchy is at most four levels deep.
		for _ in 0..5 {
			match current {
				Some(p) if p == *self => return true,
				Some(p) => current = p.parent(),
				None => return false,
			}
		}
		false
	}

	/// Whether the purpose is emergency access (`ETREAT` and its specialisations `BTG`,
	/// `ERTREAT`), the only purposes a break-glass episode covers.
	pub fn is_emergency(&self) -> bool {
		PurposeOfUse::ETREAT.subsumes(self)
	}
}

code_enum! {
	/// HL7 security labels: confidentiality codes (`U`, `L`, `M`, `N`, `R`, `V`) and sensitivity
	/// codes. Sensitive codes need an explicit permit naming them.
	pub enum SecurityLabel {
		/// `U` unrestricted.
		U,
		/// `L` low.
		L,
		/// `M` moderate.
		M,
		/// `N` normal.
		N,
		/// `R` restricted.
		R,
		/// `V` very restricted.
		V,
		/// HIV/AIDS information.
		HIV,
		/// Psychiatry information.
		PSY,
		/// Substance abuse information (`ETH`).
		ETH,
		/// Substance use disorder (42 CFR Part 2).
		SUD,
		/// Genetic disease information.
		GDIS,
		/// Sexual assault, abuse or domestic violence.
		SDV,
		/// Sexually transmitted disease.
		STD,
		// More v3 ActCode sensitivity codes, appended so that earlier codes keep their encoding.
		/// `SPI` sensitive personal information.
		SPI,
		/// `SEX` sexuality and reproductive health information.
		SEX,
		/// `MST` military sexual trauma.
		MST,
		/// `SCA` sickle cell anemia.
		SCA,
		/// `BH` behavioural health information.
		BH,
		/// `TBOO` taboo.
		TBOO,
		/// `OPIOID` opioid information.
		OPIOID,
	}
}

impl SecurityLabel {
	/// Whether the label marks sensitive data that needs explicit, separate consent: the
	/// confidentiality codes `R` and `V` and every sensitivity code.
	pub fn is_sensitive(&self) -> bool {
		!matches!(self, SecurityLabel::U | SecurityLabel::L | SecurityLabel::M | SecurityLabel::N)
	}

	/// The rank of a confidentiality code in HL7's order `U` < `L` < `M` < `N` < `R` < `V`
	/// (`None` for sensitivity codes, which are not ordered).
	pub fn confidentiality_rank(&self) -> Option<u8> {
		match self {
			SecurityLabel::U => Some(0),
			SecurityLabel::L => Some(1),
			SecurityLabel::M => Some(2),
			SecurityLabel::N => Some(3),
			SecurityLabel::R => Some(4),
			SecurityLabel::V => Some(5),
			_ => None,
		}
	}

	/// Whether a deny naming `self` applies to data labelled `data`: the same code, or for
	/// confidentiality codes, data at least as confidential (a deny of `R` also denies `V`).
	pub fn covers_for_deny(&self, data: &SecurityLabel) -> bool {
		match (self.confidentiality_rank(), data.confidentiality_rank()) {
			(Some(named), Some(carried)) => carried >= named,
			_ => self == data,
		}
	}

	/// Whether a permit naming `self` covers data labelled `data`: the same code, or for
	/// confidentiality codes, data at most as confidential (`V` covers `R`; `R` does not cover
	/// `V`).
	pub fn covers(&self, data: &SecurityLabel) -> bool {
		match (self.confidentiality_rank(), data.confidentiality_rank()) {
			(Some(named), Some(carried)) => carried <= named,
			_ => self == data,
		}
	}
}

code_enum! {
	/// FHIR resource types Healthchain anchors and consents over.
	pub enum FhirResourceType {
		DiagnosticReport,
		Observation,
		ImagingStudy,
		MedicationRequest,
		MedicationDispense,
		DocumentReference,
		Claim,
		ClaimResponse,
		Condition,
		Procedure,
		Immunization,
		AllergyIntolerance,
		Composition,
		QuestionnaireResponse,
		ResearchStudy,
		Bundle,
	}
}

code_enum! {
	/// What is done with data (FHIR Consent `provision.action`, with `store` for anchoring).
	pub enum ConsentAction {
		/// Anchor (store a record about the patient).
		Store,
		/// Access (read).
		Access,
		/// Use (process).
		Use,
		/// Disclose to a third party.
		Disclose,
		/// Amend or correct.
		Amend,
	}
}

/// The answer to "may this requester do this with this patient's data?", with its reason.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum AccessDecision {
	/// Permitted by a consent's provision (0 = the root provision, n = its n-th exception).
	Permit { consent: u64, provision: u8 },
	/// Permitted by an open break-glass episode.
	PermitBreakGlass { episode: u64 },
	/// Denied by a consent's provision.
	Deny { consent: u64, provision: u8 },
	/// Denied: no consent covers the request (default deny).
	DenyNoConsent,
	/// Denied: the data carries a sensitive label no permitting provision names explicitly.
	DenySensitiveLabel(SecurityLabel),
	/// Denied: the patient is not an active patient.
	DenyUnknownPatient,
	/// Denied: the requester is not a member of an active organisation.
	DenyRequesterNotMember,
	/// Denied: the query is malformed (more than [`MAX_QUERY_LABELS`] labels).
	DenyInvalidQuery,
	/// Denied: the requester's role does not handle this category for this purpose
	/// ([`MemberRole::may_handle`]).
	DenyRoleNotPermitted,
	/// Denied: the requester's organisation is not compliant for this category (a required
	/// attestation is missing, expired or revoked, or its kind may not hold the category).
	DenyNotCompliant(ComplianceRefusal),
	/// Permitted by an open break-glass episode *against* the patient's explicit refusal: the
	/// consent's provision that would deny it is named, so that the answer, the access log and
	/// the episode's review all say that emergency access overrode a "no".
	PermitBreakGlassOverridingDeny { episode: u64, consent: u64, provision: u8 },
	/// Denied: the query names an anchored record that does not exist, or that is not about the
	/// query's patient.
	DenyUnknownRecord,
	/// Denied although a break-glass episode is open: the patient's deny says emergency access
	/// may not override it ([`AccessDecision::Deny`] with the consent's choice), or the review
	/// found the episode's override of it unjustified.
	DenyEmergencyOverrideRefused { episode: u64, consent: u64, provision: u8 },
}

/// Most security labels a query may carry (the runtime API and RPC refuse longer lists).
pub const MAX_QUERY_LABELS: usize = 16;

impl AccessDecision {
	/// Whether access is permitted.
	pub fn is_permit(&self) -> bool {
		matches!(
			self,
			AccessDecision::Permit { .. }
				| AccessDecision::PermitBreakGlass { .. }
				| AccessDecision::PermitBreakGlassOverridingDeny { .. }
		)
	}
}

/// A request to evaluate against a patient's consents.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct AccessQuery<AccountId> {
	/// Who asks (a member account).
	pub requester: AccountId,
	/// About whom.
	pub patient: AccountId,
	/// To do what.
	pub action: ConsentAction,
	/// With which category of data.
	pub category: RecordCategory,
	/// FHIR resource type, if known.
	pub resource_type: Option<FhirResourceType>,
	/// Security labels on the data.
	pub labels: alloc::vec::Vec<SecurityLabel>,
	/// Why.
	pub purpose: PurposeOfUse,
	/// Which data: a category-level question, a record being anchored, or an anchored record
	/// (whose facts the chain reads from the anchor, not from the caller).
	pub data: DataContext<AccountId>,
	/// Who the data goes to, for `Disclose` (ignored for other actions).
	pub recipient: Option<Recipient<AccountId>>,
}

/// The clinical time of a record: seconds since 1970-01-01T00:00:00Z (negative before), the
/// time of the observation or encounter the record documents (FHIR `DocumentReference.date` /
/// `context.period`), never the block it was anchored in. Matched by a provision's
/// `dataPeriod`.
pub type ClinicalTime = i64;

/// What a query says about the data it concerns (FHIR `provision.data`, `dataPeriod` and the
/// record's custodian and author).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, Default)]
pub enum DataContext<AccountId> {
	/// A category-level question about no particular record: provisions constrained on the
	/// record, its source or its clinical date cannot be evaluated; a permit so constrained does
	/// not apply, a deny does (fail closed).
	#[default]
	Unspecified,
	/// A record about to be anchored: held by `custodian` (the anchoring organisation; `None`
	/// for a patient's own report), written by `author`, about an observation at
	/// `clinical_time`. It is no existing record, so data references never match it.
	New { custodian: Option<OrganizationId>, author: AccountId, clinical_time: Option<ClinicalTime> },
	/// An anchored record, by anchor id: its version line, custodian, author, clinical time,
	/// category, resource type and labels are read from the anchor.
	Anchor(u64),
}

/// Who a disclosure goes to (FHIR `provision.actor` with role `IRCP`, AuditEvent `entity` of
/// the recipient): a member account, or a whole organisation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum Recipient<AccountId> {
	/// One member account (at its current organisation).
	Member(AccountId),
	/// An organisation.
	Organization(OrganizationId),
}

/// What the chain knows of an anchored record, as the consent decision needs it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RecordFacts<AccountId> {
	/// The anchor.
	pub id: u64,
	/// The first version of the record (the anchor itself for an original). Versions of one
	/// record form one line with increasing ids.
	pub original: u64,
	/// The consent subject of the record: the patient, or the key of the pseudonym it is under.
	pub subject: AccountId,
	/// The organisation that anchored it (FHIR custodian, `CST`); `None` for a patient's own
	/// report.
	pub custodian: Option<OrganizationId>,
	/// The account that anchored it (FHIR author, `AUT`).
	pub author: AccountId,
	/// The record's category.
	pub category: RecordCategory,
	/// Its FHIR resource type.
	pub resource_type: FhirResourceType,
	/// Its labels.
	pub labels: alloc::vec::Vec<SecurityLabel>,
	/// Its clinical time, if the anchor carries one.
	pub clinical_time: Option<ClinicalTime>,
}

/// Facts about anchored records (implemented by `pallet-record-anchors`).
pub trait RecordDirectory<AccountId> {
	/// The facts of anchor `id`, if it exists.
	fn record_facts(id: u64) -> Option<RecordFacts<AccountId>>;
}

impl<AccountId> RecordDirectory<AccountId> for () {
	fn record_facts(_: u64) -> Option<RecordFacts<AccountId>> {
		None
	}
}

/// Consent decisions (implemented by `pallet-consent`).
pub trait ConsentCheck<AccountId, BlockNumber> {
	/// Evaluate the patient's consents (and open break-glass episodes) for `query` at `now`.
	fn check_access(query: &AccessQuery<AccountId>, now: BlockNumber) -> AccessDecision;
	/// Whether the patient opted `category` into de-identified research (for `study`, if the
	/// patient limited it to named studies).
	fn research_permitted(
		patient: &AccountId,
		category: RecordCategory,
		study: Option<polkadot_sdk::sp_core::H256>,
	) -> bool;
}

/// Whether a record or dataset hash holds a valid attestation (implemented by `pallet-compliance`).
pub trait RecordAttestations<BlockNumber> {
	/// `Ok` if the record/dataset `hash` holds a valid attestation of `kind` at `now`.
	fn record_attested(
		hash: polkadot_sdk::sp_core::H256,
		kind: AttestationType,
		now: BlockNumber,
	) -> Result<(), ComplianceRefusal>;
}

/// Binary Merkle trees for batch anchoring.
///
/// A batch declares its records as *groups* — one per (subject, category, labels) — and each
/// record's leaf commits to its group's subject, category and labels as well as its content hash,
/// so a record can only ever be proven to belong to the group (and so to the consent) that covers
/// it:
///
/// - record leaf = `blake2_256(0x00 ‖ SCALE(subject) ‖ content_hash ‖ SCALE(category) ‖ SCALE(labels))`;
/// - group node = `blake2_256(0x02 ‖ SCALE(subject) ‖ SCALE(category) ‖ SCALE(labels) ‖ count (u32 LE) ‖ records_root)`;
/// - inner node = `blake2_256(0x01 ‖ left ‖ right)`;
/// - a group's `records_root` is the tree over its record leaves; the batch root is the tree over
///   its group nodes, in declaration order;
/// - a level with an odd number of nodes carries its last node up unchanged.
///
/// A proof lists the sibling hashes from the leaf's level upwards (carried-up levels add none).
/// Batches anchored before groups existed used `leaf = blake2_256(0x00 ‖ content_hash)` over a
/// single tree ([`legacy_leaf`]).
pub mod merkle {
	use super::{RecordCategory, SecurityLabel};
	use alloc::vec::Vec;
	use codec::Encode;
	use polkadot_sdk::{sp_core::H256, sp_crypto_hashing::blake2_256};

	/// The leaf of a record of a batch anchored before record groups (content hash only).
	pub fn legacy_leaf(content_hash: &H256) -> H256 {
		let mut buf = [0u8; 33];
		buf[1..].copy_from_slice(content_hash.as_bytes());
		H256(blake2_256(&buf))
	}

	/// The leaf of a record: its group's subject (SCALE-encoded), its content hash, and its
	/// group's category and labels.
	pub fn record_leaf(
		subject: &[u8],
		content_hash: &H256,
		category: RecordCategory,
		labels: &[SecurityLabel],
	) -> H256 {
		let mut buf = Vec::with_capacity(1 + subject.len() + 32 + 2 + labels.len() + 4);
		buf.push(0);
		buf.extend_from_slice(subject);
		buf.extend_from_slice(content_hash.as_bytes());
		category.encode_to(&mut buf);
		labels.encode_to(&mut buf);
		H256(blake2_256(&buf))
	}

	/// The node of a group in the batch's top tree.
	pub fn group_node(
		subject: &[u8],
		category: RecordCategory,
		labels: &[SecurityLabel],
		count: u32,
		records_root: &H256,
	) -> H256 {
		let mut buf = Vec::with_capacity(1 + subject.len() + 2 + labels.len() + 4 + 4 + 32);
		buf.push(2);
		buf.extend_from_slice(subject);
		category.encode_to(&mut buf);
		labels.encode_to(&mut buf);
		buf.extend_from_slice(&count.to_le_bytes());
		buf.extend_from_slice(records_root.as_bytes());
		H256(blake2_256(&buf))
	}

	fn node(left: &H256, right: &H256) -> H256 {
		let mut buf = [0u8; 65];
		buf[0] = 1;
		buf[1..33].copy_from_slice(left.as_bytes());
		buf[33..].copy_from_slice(right.as_bytes());
		H256(blake2_256(&buf))
	}

	fn next_level(level: &[H256]) -> Vec<H256> {
		level
			.chunks(2)
			.map(|pair| match pair {
				[l, r] => node(l, r),
				[single] => *single,
				_ => H256::zero(),
			})
			.collect()
	}

	/// The root of the tree over `leaves` (zero for none).
	pub fn root_of(leaves: &[H256]) -> H256 {
		let mut level = leaves.to_vec();
		if level.is_empty() {
			return H256::zero();
		}
		while level.len() > 1 {
			level = next_level(&level);
		}
		level.first().copied().unwrap_or_default()
	}

	/// The inclusion proof of the leaf at `index`, or `None` if out of range.
	pub fn proof_of(leaves: &[H256], index: usize) -> Option<Vec<H256>> {
		if index >= leaves.len() {
			return None;
		}
		let mut level = leaves.to_vec();
		let mut idx = index;
		let mut out = Vec::new();
		while level.len() > 1 {
			if let Some(s) = level.get(idx ^ 1) {
				out.push(*s);
			}
			level = next_level(&level);
			idx /= 2;
		}
		Some(out)
	}

	/// Whether `leaf` is leaf `index` of a tree of `count` leaves with `root`, by `proof`.
	pub fn verify_leaf(root: &H256, count: u32, leaf: H256, index: u32, proof: &[H256]) -> bool {
		if index >= count {
			return false;
		}
		let mut acc = leaf;
		let (mut idx, mut width) = (index, count);
		let mut siblings = proof.iter();
		while width > 1 {
			if (idx ^ 1) < width {
				let Some(s) = siblings.next() else { return false };
				acc = if idx % 2 == 0 { node(&acc, s) } else { node(s, &acc) };
			}
			idx /= 2;
			width = width.div_ceil(2);
		}
		siblings.next().is_none() && &acc == root
	}

	/// The root over content hashes as batches before record groups built it.
	pub fn legacy_root(content_hashes: &[H256]) -> H256 {
		root_of(&content_hashes.iter().map(legacy_leaf).collect::<Vec<_>>())
	}

	/// Whether `content_hash` is record `index` of a legacy batch of `count` records with `root`.
	pub fn legacy_verify(root: &H256, count: u32, content_hash: &H256, index: u32, proof: &[H256]) -> bool {
		verify_leaf(root, count, legacy_leaf(content_hash), index, proof)
	}
}

#[cfg(test)]
mod tests {
	use super::{merkle, RecordCategory, SecurityLabel};
	use codec::Encode;
	use polkadot_sdk::sp_core::H256;

	fn hashes(n: u8) -> alloc::vec::Vec<H256> {
		(0..n).map(H256::repeat_byte).collect()
	}

	fn leaves(subject: &[u8], n: u8) -> alloc::vec::Vec<H256> {
		hashes(n)
			.iter()
			.map(|h| merkle::record_leaf(subject, h, RecordCategory::LabResult, &[SecurityLabel::N]))
			.collect()
	}

	#[test]
	fn every_leaf_of_a_tree_proves_inclusion() {
		for n in 1..=17u8 {
			let ls = leaves(&1u64.encode(), n);
			let root = merkle::root_of(&ls);
			for (i, l) in ls.iter().enumerate() {
				let proof = merkle::proof_of(&ls, i).expect("in range");
				assert!(merkle::verify_leaf(&root, n as u32, *l, i as u32, &proof), "n={n} i={i}");
			}
		}
	}

	#[test]
	fn tampered_leaf_wrong_index_or_proof_fail() {
		let ls = leaves(&1u64.encode(), 10);
		let root = merkle::root_of(&ls);
		let proof = merkle::proof_of(&ls, 3).expect("in range");
		assert!(!merkle::verify_leaf(&root, 10, H256::repeat_byte(0xFF), 3, &proof));
		assert!(!merkle::verify_leaf(&root, 10, ls[3], 4, &proof));
		assert!(!merkle::verify_leaf(&root, 10, ls[3], 10, &proof));
		let mut bad = proof.clone();
		bad[0] = H256::zero();
		assert!(!merkle::verify_leaf(&root, 10, ls[3], 3, &bad));
		let mut long = proof;
		long.push(H256::zero());
		assert!(!merkle::verify_leaf(&root, 10, ls[3], 3, &long));
		assert!(merkle::proof_of(&ls, 10).is_none());
	}

	#[test]
	fn a_leaf_commits_to_subject_category_and_labels() {
		let h = H256::repeat_byte(7);
		let base = merkle::record_leaf(&1u64.encode(), &h, RecordCategory::LabResult, &[]);
		assert_ne!(base, merkle::record_leaf(&2u64.encode(), &h, RecordCategory::LabResult, &[]));
		assert_ne!(base, merkle::record_leaf(&1u64.encode(), &h, RecordCategory::Genomic, &[]));
		assert_ne!(base, merkle::record_leaf(&1u64.encode(), &h, RecordCategory::LabResult, &[SecurityLabel::HIV]));
		assert_ne!(base, merkle::legacy_leaf(&h));
	}

	#[test]
	fn legacy_batches_still_verify() {
		let hs = hashes(9);
		let root = merkle::legacy_root(&hs);
		let leaves: alloc::vec::Vec<_> = hs.iter().map(merkle::legacy_leaf).collect();
		let proof = merkle::proof_of(&leaves, 5).expect("in range");
		assert!(merkle::legacy_verify(&root, 9, &hs[5], 5, &proof));
		assert!(!merkle::legacy_verify(&root, 9, &hs[4], 5, &proof));
	}

	#[test]
	fn mandatory_labels_come_first_and_are_never_dropped() {
		assert_eq!(
			RecordCategory::PsychiatricNote.effective_labels(&[SecurityLabel::HIV, SecurityLabel::PSY]),
			alloc::vec![SecurityLabel::PSY, SecurityLabel::HIV]
		);
		assert_eq!(RecordCategory::LabResult.effective_labels(&[]), alloc::vec![]);
		assert_eq!(RecordCategory::Genomic.effective_labels(&[]), alloc::vec![SecurityLabel::GDIS]);
	}
}

/// Shorthand bound for the generic parameters of stored records (account ids, block numbers,
/// deposit tickets): what `CloneNoBound`-style derives need.
pub trait Plain: Clone + PartialEq + Eq + core::fmt::Debug {}
impl<T: Clone + PartialEq + Eq + core::fmt::Debug> Plain for T {}

/// Helpers for tests that read the whole chain as an outside observer would.
#[cfg(feature = "std")]
pub mod observer {
	use alloc::vec::Vec;

	/// Every storage item (key followed by value) of the current externalities, and each of
	/// `events` (SCALE-encoded) as an item of its own; the `System::Events` item itself is left
	/// out, since its events are listed one by one.
	pub fn everything_observed(events: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
		use polkadot_sdk::sp_io::{hashing::twox_128, storage};
		let events_key = [twox_128(b"System"), twox_128(b"Events")].concat();
		let mut items = events;
		let mut key = storage::next_key(&[]);
		while let Some(k) = key {
			if k != events_key {
				let mut item = k.clone();
				item.extend(storage::get(&k).map(|v| v.to_vec()).unwrap_or_default());
				items.push(item);
			}
			key = storage::next_key(&k);
		}
		items
	}

	/// How many of `sides` (each a list of byte strings identifying one party) `item` mentions.
	pub fn sides_mentioned(item: &[u8], sides: &[Vec<Vec<u8>>]) -> usize {
		let contains = |needle: &[u8]| item.windows(needle.len()).any(|w| w == needle);
		sides.iter().filter(|side| side.iter().any(|t| contains(t))).count()
	}
}
