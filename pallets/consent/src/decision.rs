//! The consent decision: one pure function that every store and every access answer goes
//! through — extrinsics (anchoring, superseding, batches, the access log), the runtime API, view
//! functions and the `health_*` RPC.
//!
//! ## The combining rule
//!
//! 1. **Default deny.** Nothing matching: [`AccessDecision::DenyNoConsent`].
//! 2. **Within one consent, FHIR nesting**: the root provision must match the request (grantee,
//!    action, category, resource type, purpose). Its exceptions that also match override it; if
//!    exceptions disagree, a deny among them wins. No exception matching: the root decides.
//! 3. **Across a patient's consents, deny overrides**: if any consent's effective provision is a
//!    deny, the answer is that deny, whatever permits match too. A patient who says "no" is never
//!    outvoted by another grant, however specific (an approved access request, an account grant).
//! 4. **Sensitive labels need explicit permission**: a permit applies only if it (or, for an
//!    exception, its root) names every sensitive label the data carries. The data's labels are the
//!    ones its category implies ([`RecordCategory::mandatory_labels`]) plus those declared, so a
//!    caller cannot drop `PSY` from a psychiatric note by not mentioning it. A deny that names
//!    labels applies only to data carrying one of them. Confidentiality codes are ordered as HL7
//!    orders them (`U` < `L` < `M` < `N` < `R` < `V`): a permit naming `V` covers `R` data, a
//!    deny naming `R` also denies `V` data; sensitivity codes (`PSY`, `HIV`, …) match exactly.
//! 5. **Purposes are a hierarchy**: a provision naming a purpose of use covers that purpose and
//!    its specialisations in HL7's v3 PurposeOfUse (`TREAT` covers `ETREAT` and `BTG`, `HPAYMT`
//!    covers `CLMATTCH`), never a more general purpose.
//! 6. **Reporting**: among the provisions that decide, the answer names the most specific one by
//!    the ordered tuple [`Specificity`] (grantee, then nesting depth, then constrained
//!    dimensions), ties going to the oldest consent. The rank never changes *whether* access is
//!    permitted, only which provision the answer cites.

//!
//! ## HL7's consent patterns, written on chain
//!
//! How the kinds of consent HL7 publishes as FHIR `Consent` examples are granted with
//! [`crate::Pallet::grant_consent`] (grantee; root provision; exceptions; `start`/`end`). Rows
//! marked *next* need provision dimensions that later slices of the FHIR-consent issue add.
//!
//! | Pattern (FHIR) | On chain |
//! |----------------|----------|
//! | Opt in: a hospital may read everything for treatment | `Organization(h)`; permit `Access` for `TREAT` |
//! | Opt out: no provider may see anything | `AnyMember`; deny every action |
//! | Permit, except psychiatric notes (nested deny) | permit `Access` `TREAT`; exception deny with label `PSY` |
//! | Deny one practitioner (`provision.actor`) | `Member { account, organization }`; deny |
//! | Deny one organisation | `Organization(o)`; deny |
//! | Deny everyone during a window (`provision.period`) | `AnyMember`; deny; `start`, `end` (the window; the deny overrides every permit inside it, and only inside) |
//! | One category for one purpose ("my pharmacy may read prescriptions") | `OrganizationKind(Pharmacy)`; permit `Access`, `Prescription`, `TREAT` |
//! | A general purpose covers its specialisations (`TREAT` → `ETREAT`) | purposes are subsumed (rule 5) |
//! | Sensitive data only when named (`R`, `V`, `PSY`, `HIV`, …) | permit naming the labels; `V` covers `R` (rule 4) |
//! | Research opt-in for named studies | [`crate::Pallet::set_research_consent`] with study hashes |
//! | Emergency access against a refusal | a break-glass episode answers, naming the deny it overrides |
//! | Not this document (`provision.data` instance) | *next*: data references to anchors |
//! | Not what Dr Y authored / hospital X holds (`actor` AUT/CST) | *next*: record source |
//! | Only data from a timeframe (`provision.dataPeriod`) | *next*: the anchor's clinical date |
//! | Disclose to clinic Z only (recipient) | *next*: disclosure recipient |
//! | An exception with its own actor or period | *next*: exceptions with grantee and period |

use crate::types::*;
use alloc::vec::Vec;
use healthchain_primitives::{AccessDecision, OrganizationId, OrganizationKind, Plain};
use polkadot_sdk::frame_support::traits::Get;

/// Who asks, as the directory knows them now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requester<AccountId> {
	/// The member account.
	pub account: AccountId,
	/// Its organisation (active).
	pub organization: OrganizationId,
	/// The organisation's kind.
	pub kind: OrganizationKind,
}

/// What is asked, with the data's effective labels (mandatory ∪ declared, without repeats).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
	/// The action.
	pub action: ConsentAction,
	/// The category of the data.
	pub category: RecordCategory,
	/// The FHIR resource type, if known.
	pub resource_type: Option<FhirResourceType>,
	/// The data's labels.
	pub labels: Vec<SecurityLabel>,
	/// The purpose of use.
	pub purpose: PurposeOfUse,
}

/// How specific a deciding provision is, compared lexicographically: the grantee (member account
/// 3 > organisation 2 > kind 1 > any member 0), the nesting depth (exception 1 > root 0), then the number of
/// constrained dimensions of the provision and its root.
pub type Specificity = (u8, u8, u8);

/// A provision that decided, and where it sits.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Candidate {
	rank: Specificity,
	consent: ConsentId,
	provision: u8,
}

impl Candidate {
	/// Whether `self` should be cited instead of `other`: more specific, or as specific and older.
	fn beats(&self, other: &Candidate) -> bool {
		self.rank > other.rank || (self.rank == other.rank && self.consent < other.consent)
	}
}

/// Whether the grantee covers the requester.
pub fn grantee_matches<AccountId: PartialEq>(grantee: &Grantee<AccountId>, who: &Requester<AccountId>) -> bool {
	match grantee {
		Grantee::Member { account, organization } =>
			account == &who.account && *organization == who.organization,
		Grantee::Organization(o) => *o == who.organization,
		Grantee::OrganizationKind(k) => *k == who.kind,
		Grantee::AnyMember => true,
	}
}

/// Whether a scope covers the request's action, category, resource type and purpose. A root
/// provision must name actions; an exception naming none inherits its root's.
pub fn scope_matches<M: Get<u32>>(scope: &Scope<M>, request: &Request, root: bool) -> bool {
	let action_ok = if scope.actions.0 == 0 { !root } else { scope.actions.contains(request.action) };
	let category_ok = scope.categories.is_empty() || scope.categories.contains(&request.category);
	let type_ok = scope.resource_types.is_empty() ||
		request.resource_type.is_some_and(|t| scope.resource_types.contains(&t));
	// HL7 PurposeOfUse is a hierarchy: a provision for a purpose covers its specialisations
	// (`TREAT` covers `ETREAT` and `BTG`), never the other way round.
	let purpose_ok = scope.purposes.is_empty() || scope.purposes.iter().any(|p| p.subsumes(&request.purpose));
	action_ok && category_ok && type_ok && purpose_ok
}

/// What one provision says about the request once its labels are considered.
enum Says {
	Permit,
	Deny,
	/// A permit that does not name this sensitive label of the data.
	Blocked(SecurityLabel),
	/// A deny limited to labels the data does not carry.
	NotApplicable,
}

fn provision_says<M: Get<u32>>(provision: &Provision<M>, inherited: &[SecurityLabel], request: &Request) -> Says {
	let labels = &provision.scope.labels;
	match provision.decision {
		Decision::Deny =>
			if labels.is_empty() || request.labels.iter().any(|l| labels.iter().any(|named| named.covers_for_deny(l))) {
				Says::Deny
			} else {
				Says::NotApplicable
			},
		Decision::Permit => match request
			.labels
			.iter()
			.find(|l| l.is_sensitive() && !labels.iter().chain(inherited).any(|named| named.covers(l)))
		{
			Some(l) => Says::Blocked(*l),
			None => Says::Permit,
		},
	}
}

/// Whether `consent` explicitly refuses emergency reading to whoever it is granted to: a deny —
/// the root, or an exception — whose actions (an exception's, else its root's) include `Access`
/// or `Use`. A break-glass episode that opens anyway names such consents of the requester, so
/// that the alert, the answer and the review all say a "no" was overridden.
pub fn refuses_emergency_reading<M: Get<u32>>(root: &Provision<M>, exceptions: &[Provision<M>]) -> bool {
	let reading = |actions: &ActionSet| actions.contains(ConsentAction::Access) || actions.contains(ConsentAction::Use);
	(root.decision == Decision::Deny && reading(&root.scope.actions)) ||
		exceptions.iter().any(|e| {
			let actions = if e.scope.actions.0 == 0 { &root.scope.actions } else { &e.scope.actions };
			e.decision == Decision::Deny && reading(actions)
		})
}

/// The decision of the patient's `consents` (id and record, any order) for `request` by
/// `requester` at block `now`. Break-glass episodes are not consulted here.
pub fn decide<'a, AccountId, BlockNumber, Ticket, M, E>(
	consents: impl IntoIterator<Item = (ConsentId, &'a ConsentRecord<AccountId, BlockNumber, Ticket, M, E>)>,
	requester: &Requester<AccountId>,
	request: &Request,
	now: BlockNumber,
) -> AccessDecision
where
	AccountId: Plain + 'a,
	BlockNumber: Plain + PartialOrd + 'a,
	Ticket: Plain + 'a,
	M: Get<u32> + 'a,
	E: Get<u32> + 'a,
{
	let mut best_permit: Option<Candidate> = None;
	let mut best_deny: Option<Candidate> = None;
	let mut blocked: Option<SecurityLabel> = None;
	let offer = |slot: &mut Option<Candidate>, c: Candidate| {
		if slot.as_ref().is_none_or(|s| c.beats(s)) {
			*slot = Some(c);
		}
	};
	for (id, c) in consents {
		if now < c.start || c.end.as_ref().is_some_and(|e| now >= *e) {
			continue;
		}
		if !grantee_matches(&c.grantee, requester) || !scope_matches(&c.provision.scope, request, true) {
			continue;
		}
		let grantee_rank = c.grantee.rank();
		let root_dims = c.provision.scope.constrained_dimensions();
		// Exceptions that match override the root; a deny among them wins.
		let mut exception_permit: Option<Candidate> = None;
		let mut exception_deny: Option<Candidate> = None;
		for (i, e) in c.exceptions.iter().enumerate() {
			if !scope_matches(&e.scope, request, false) {
				continue;
			}
			let candidate = Candidate {
				rank: (grantee_rank, 1, root_dims.saturating_add(e.scope.constrained_dimensions())),
				consent: id,
				provision: u8::try_from(i.saturating_add(1)).unwrap_or(u8::MAX),
			};
			match provision_says(e, &c.provision.scope.labels, request) {
				Says::Deny => offer(&mut exception_deny, candidate),
				Says::Permit => offer(&mut exception_permit, candidate),
				Says::Blocked(l) => blocked = Some(l),
				Says::NotApplicable => {},
			}
		}
		if let Some(d) = exception_deny {
			offer(&mut best_deny, d);
			continue;
		}
		if let Some(p) = exception_permit {
			offer(&mut best_permit, p);
			continue;
		}
		let root = Candidate { rank: (grantee_rank, 0, root_dims), consent: id, provision: 0 };
		match provision_says(&c.provision, &[], request) {
			Says::Deny => offer(&mut best_deny, root),
			Says::Permit => offer(&mut best_permit, root),
			Says::Blocked(l) => blocked = Some(l),
			Says::NotApplicable => {},
		}
	}
	match (best_deny, best_permit, blocked) {
		(Some(d), _, _) => AccessDecision::Deny { consent: d.consent, provision: d.provision },
		(None, Some(p), _) => AccessDecision::Permit { consent: p.consent, provision: p.provision },
		(None, None, Some(l)) => AccessDecision::DenySensitiveLabel(l),
		(None, None, None) => AccessDecision::DenyNoConsent,
	}
}
