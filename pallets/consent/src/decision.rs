//! The consent decision: one pure function that every store and every access answer goes
//! through — extrinsics (anchoring, superseding, batches, the access log), the runtime API, view
//! functions and the `health_*` RPC.
//!
//! ## The combining rule
//!
//! 1. **Default deny.** Nothing matching: [`AccessDecision::DenyNoConsent`].
//! 2. **Within one consent, FHIR nesting.** A consent's provisions form a tree: the root, and
//!    nested provisions ([`Exception`]) that name their parent, up to [`MAX_NESTING_DEPTH`] levels.
//!    A provision *applies* when its parent applies and it matches the request itself: the
//!    consent's grantee and period, then the provision's own actor and period (if any), action,
//!    category, resource type, purpose, labels and data (records, sources, data period,
//!    recipients). The applying provisions that have no applying child decide for the consent:
//!    a nested provision overrides its parent; if siblings disagree, a deny among them wins.
//! 3. **Across a patient's consents, deny overrides.** If any consent decides deny, the answer is
//!    that deny, whatever permits match too — unless the permit is nested *inside* that deny in
//!    the same consent (rule 2 already let it override there). A patient who says "no" is never
//!    outvoted by another grant, however specific (an approved access request, an account grant).
//!    A windowed deny written as its own consent therefore holds inside its window, and only
//!    there, over an older and narrower permit.
//! 4. **Sensitive labels need explicit permission.** A permit applies only if it (or an ancestor)
//!    names every sensitive label the data carries. The data's labels are the ones its category
//!    implies ([`RecordCategory::mandatory_labels`]) plus those declared, so a caller cannot drop
//!    `PSY` from a psychiatric note by not mentioning it. A deny that names labels applies only
//!    to data carrying one of them. Confidentiality codes are ordered as HL7 orders them (`U` <
//!    `L` < `M` < `N` < `R` < `V`): a permit naming `V` covers `R` data, a deny naming `R` also
//!    denies `V` data; sensitivity codes (`PSY`, `HIV`, …) match exactly.
//! 5. **Purposes are a hierarchy**: a provision naming a purpose of use covers that purpose and
//!    its specialisations in HL7's v3 PurposeOfUse (`TREAT` covers `ETREAT` and `BTG`, `HPAYMT`
//!    covers `CLMATTCH`), never a more general purpose.
//! 6. **Data the request cannot describe fails closed.** Records, sources and clinical times come
//!    from the anchor when the query names one ([`DataContext::Anchor`]), from the call when a
//!    record is being anchored ([`DataContext::New`]); a category-level question
//!    ([`DataContext::Unspecified`]) cannot say them. A provision constrained on a dimension the
//!    request cannot say: a permit does not apply, a deny does. A record reference covers the
//!    anchor and its later versions (same first version, later id), never earlier ones or new
//!    records. A disclosure's recipient is matched like a grantee; an access is no disclosure.
//! 7. **Emergency.** A break-glass episode answers emergency requests over a deny and says so
//!    ([`AccessDecision::PermitBreakGlassOverridingDeny`]), unless the consent refuses emergency
//!    override ([`EmergencyOverride::Refused`]; the default is `Allowed`) or the episode's review
//!    did not uphold the override ([`AccessDecision::DenyEmergencyOverrideRefused`]).
//! 8. **Reporting**: among the provisions that decide, the answer names the most specific one by
//!    the ordered tuple [`Specificity`] (grantee, then nesting depth, then constrained
//!    dimensions), ties going to the oldest consent. The rank never changes *whether* access is
//!    permitted, only which provision the answer cites.
//!
//! ## HL7's consent patterns, written on chain
//!
//! How the kinds of consent HL7 publishes as FHIR `Consent` examples are granted with
//! [`crate::Pallet::grant_consent`] (grantee; root provision; nested provisions as
//! `(parent, provision)`; `start`/`end`; `emergency`).
//!
//! | Pattern (FHIR) | On chain |
//! |----------------|----------|
//! | Opt in: a hospital may read everything for treatment | `Organization(h)`; permit `Access` for `TREAT` |
//! | Opt out: no provider may see anything | `AnyMember`; deny every action |
//! | Permit, except psychiatric notes (nested deny) | permit `Access` `TREAT`; `(0, deny label PSY)` |
//! | Deny one practitioner (`provision.actor`) | `Member { account, organization }`; deny |
//! | Deny one organisation | `Organization(o)`; deny |
//! | Deny everyone during a window (`provision.period`) | `AnyMember`; deny; `start`, `end` — or, inside a base consent, `(0, deny with period)` |
//! | Deny all, except one organisation (nested `actor`) | `AnyMember`; deny; `(0, permit with actor Organization(h))` |
//! | One category for one purpose ("my pharmacy may read prescriptions") | `OrganizationKind(Pharmacy)`; permit `Access`, `Prescription`, `TREAT` |
//! | A general purpose covers its specialisations (`TREAT` → `ETREAT`) | purposes are subsumed (rule 5) |
//! | Sensitive data only when named (`R`, `V`, `PSY`, `HIV`, …) | permit naming the labels; `V` covers `R` (rule 4) |
//! | Not this document (`provision.data`, meaning `instance`) | deny with `data.records = [anchor]` (later versions included) |
//! | Not what Dr Y authored / hospital X holds (`actor` `AUT` / `CST`) | deny with `data.sources = [Author(y)]` / `[Custodian(x)]` |
//! | Only data from a timeframe (`provision.dataPeriod`) | permit with `data.data_period` (against the anchor's clinical time) |
//! | Disclose to clinic Z only (`actor` `IRCP`) | permit `Disclose` with `data.recipients = [Organization(z)]` |
//! | Research opt-in for named studies | [`crate::Pallet::set_research_consent`] with study hashes |
//! | Emergency access against a refusal | a break-glass episode answers, naming the deny it overrides; `emergency: Refused` keeps the deny |

use crate::types::*;
use alloc::vec::Vec;
use healthchain_primitives::{AccessDecision, OrganizationId, OrganizationKind, Plain};
use polkadot_sdk::frame_support::traits::Get;

/// Most levels of nesting below the root provision (FHIR allows any; the chain bounds it).
pub const MAX_NESTING_DEPTH: u8 = 4;

/// Who asks (or, for a disclosure, receives), as the directory knows them now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requester<AccountId> {
	/// The member account (`None` for a recipient named as a whole organisation).
	pub account: Option<AccountId>,
	/// Its organisation (active).
	pub organization: OrganizationId,
	/// The organisation's kind.
	pub kind: OrganizationKind,
}

/// What a request knows of one data dimension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact<T> {
	/// The request cannot say (a category-level question).
	Unknown,
	/// Known not to exist (a new record has no anchor; an access is no disclosure).
	Absent,
	/// Known.
	Is(T),
}

/// What is asked, with the data's effective labels (mandatory ∪ declared, without repeats) and
/// what is known of the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request<AccountId> {
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
	/// The anchored record: (its id, its first version).
	pub record: Fact<(u64, u64)>,
	/// The organisation holding the record.
	pub custodian: Fact<OrganizationId>,
	/// The account that anchored the record.
	pub author: Fact<AccountId>,
	/// The record's clinical time.
	pub clinical_time: Fact<ClinicalTime>,
	/// Who a disclosure goes to.
	pub recipient: Fact<Requester<AccountId>>,
}

impl<AccountId> Request<AccountId> {
	/// A category-level request: nothing known of a particular record, no recipient.
	pub fn about(
		action: ConsentAction,
		category: RecordCategory,
		resource_type: Option<FhirResourceType>,
		labels: Vec<SecurityLabel>,
		purpose: PurposeOfUse,
	) -> Self {
		Request {
			action,
			category,
			resource_type,
			labels,
			purpose,
			record: Fact::Unknown,
			custodian: Fact::Unknown,
			author: Fact::Unknown,
			clinical_time: Fact::Unknown,
			recipient: if action == ConsentAction::Disclose { Fact::Unknown } else { Fact::Absent },
		}
	}
}

/// How specific a deciding provision is, compared lexicographically: the grantee (member account
/// 3 > organisation 2 > kind 1 > any member 0; the most specific actor on the provision's path),
/// the nesting depth (root 0), then the number of constrained dimensions along the path.
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

/// Whether the grantee covers the requester (or recipient).
pub fn grantee_matches<AccountId: PartialEq>(grantee: &Grantee<AccountId>, who: &Requester<AccountId>) -> bool {
	match grantee {
		Grantee::Member { account, organization } => {
			who.account.as_ref() == Some(account) && *organization == who.organization
		},
		Grantee::Organization(o) => *o == who.organization,
		Grantee::OrganizationKind(k) => *k == who.kind,
		Grantee::AnyMember => true,
	}
}

/// Whether a scope covers the request's action, category, resource type and purpose. A root
/// provision must name actions; a nested one naming none inherits its parent's.
pub fn scope_matches<M: Get<u32>, A>(scope: &Scope<M>, request: &Request<A>, root: bool) -> bool {
	let action_ok = if scope.actions.is_empty() { !root } else { scope.actions.contains(request.action) };
	let category_ok = scope.categories.is_empty() || scope.categories.contains(&request.category);
	let type_ok =
		scope.resource_types.is_empty() || request.resource_type.is_some_and(|t| scope.resource_types.contains(&t));
	// HL7 PurposeOfUse is a hierarchy: a provision for a purpose covers its specialisations
	// (`TREAT` covers `ETREAT` and `BTG`), never the other way round.
	let purpose_ok = scope.purposes.is_empty() || scope.purposes.iter().any(|p| p.subsumes(&request.purpose));
	action_ok && category_ok && type_ok && purpose_ok
}

/// Three-valued match of a data dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
	/// The data is covered.
	Yes,
	/// The data is not covered.
	No,
	/// The request cannot say.
	Unknown,
}

impl Match {
	fn and(self, other: Match) -> Match {
		match (self, other) {
			(Match::No, _) | (_, Match::No) => Match::No,
			(Match::Unknown, _) | (_, Match::Unknown) => Match::Unknown,
			_ => Match::Yes,
		}
	}
	/// `Yes` if any of `items` is `Yes`, else `Unknown` if any is, else `No` (`Yes` when empty:
	/// an empty list constrains nothing).
	fn any(items: impl IntoIterator<Item = Match>) -> Match {
		let mut seen = None;
		for m in items {
			match m {
				Match::Yes => return Match::Yes,
				Match::Unknown => seen = Some(Match::Unknown),
				Match::No => seen = seen.or(Some(Match::No)),
			}
		}
		seen.unwrap_or(Match::Yes)
	}
}

fn fact_match<T>(fact: &Fact<T>, test: impl Fn(&T) -> bool) -> Match {
	match fact {
		Fact::Unknown => Match::Unknown,
		Fact::Absent => Match::No,
		Fact::Is(v) => {
			if test(v) {
				Match::Yes
			} else {
				Match::No
			}
		},
	}
}

/// Whether a provision's data constraints cover the request's data: its records (a reference
/// covers the anchor and every later version of the same record), sources (custodian or
/// author), clinical-time window and disclosure recipients.
pub fn data_matches<A: Plain, R: Get<u32>>(data: &DataScope<A, R>, request: &Request<A>) -> Match {
	let records = Match::any(
		data.records
			.iter()
			.map(|r| fact_match(&request.record, |(id, original)| *original == r.original && *id >= r.anchor)),
	);
	let sources = Match::any(data.sources.iter().map(|s| match s {
		RecordSource::Custodian(o) => fact_match(&request.custodian, |c| c == o),
		RecordSource::Author(a) => fact_match(&request.author, |x| x == a),
	}));
	let period = match (&data.data_period, &request.clinical_time) {
		(None, _) => Match::Yes,
		(Some(p), Fact::Is(t)) => {
			if p.contains(*t) {
				Match::Yes
			} else {
				Match::No
			}
		},
		// An undated record cannot be placed in a window.
		(Some(_), _) => Match::Unknown,
	};
	let recipients = Match::any(
		data.recipients
			.iter()
			.map(|g| fact_match(&request.recipient, |r| grantee_matches(g, r))),
	);
	records.and(sources).and(period).and(recipients)
}

/// What one provision says about the request once its labels are considered.
enum Says {
	Permit,
	Deny,
	/// A permit that does not name this sensitive label of the data.
	Blocked(SecurityLabel),
	/// Does not apply (a deny limited to labels the data does not carry, or data it does not
	/// cover).
	NotApplicable,
}

fn provision_says<A: Plain, B: Plain, M: Get<u32>, R: Get<u32>>(
	provision: &Provision<A, B, M, R>,
	inherited: &[SecurityLabel],
	request: &Request<A>,
) -> Says {
	let labels = &provision.scope.labels;
	let data = data_matches(&provision.data, request);
	match provision.decision {
		Decision::Deny if data == Match::No => Says::NotApplicable,
		Decision::Deny => {
			if labels.is_empty()
				|| request
					.labels
					.iter()
					.any(|l| labels.iter().any(|named| named.covers_for_deny(l)))
			{
				Says::Deny
			} else {
				Says::NotApplicable
			}
		},
		// A permit applies only to data it is known to cover.
		Decision::Permit if data != Match::Yes => Says::NotApplicable,
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

/// The parent of provision `i` (0 the root, `i` ≥ 1 the `i`-th exception), if any.
fn parent_of<A: Plain, B: Plain, M: Get<u32>, R: Get<u32>>(
	exceptions: &[Exception<A, B, M, R>],
	i: usize,
) -> Option<usize> {
	if i == 0 {
		return None;
	}
	exceptions.get(i.saturating_sub(1)).map(|e| usize::from(e.parent))
}

/// Whether the nesting of `exceptions` is well formed: each names an earlier provision as its
/// parent, and no chain is deeper than [`MAX_NESTING_DEPTH`].
pub fn nesting_is_valid<A: Plain, B: Plain, M: Get<u32>, R: Get<u32>>(
	exceptions: &[Exception<A, B, M, R>],
) -> Result<(), NestingError> {
	let mut depth: Vec<u8> = Vec::with_capacity(exceptions.len().saturating_add(1));
	depth.push(0);
	for (i, e) in exceptions.iter().enumerate() {
		let parent = depth
			.get(usize::from(e.parent))
			.copied()
			.ok_or(NestingError::ParentNotEarlier)?;
		if usize::from(e.parent) > i {
			return Err(NestingError::ParentNotEarlier);
		}
		let d = parent.saturating_add(1);
		if d > MAX_NESTING_DEPTH {
			return Err(NestingError::TooDeep);
		}
		depth.push(d);
	}
	Ok(())
}

/// Why a consent's nesting is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NestingError {
	/// An exception names itself, a later exception or a missing one as its parent.
	ParentNotEarlier,
	/// Deeper than [`MAX_NESTING_DEPTH`].
	TooDeep,
}

/// The actions in force for provision `i`: its own, or its nearest ancestor's that names some.
fn effective_actions<A: Plain, B: Plain, M: Get<u32>, R: Get<u32>>(
	root: &Provision<A, B, M, R>,
	exceptions: &[Exception<A, B, M, R>],
	i: usize,
) -> ActionSet {
	let mut at = i;
	for _ in 0..=MAX_NESTING_DEPTH {
		let p = if at == 0 {
			root
		} else {
			match exceptions.get(at.saturating_sub(1)) {
				Some(e) => &e.provision,
				None => return root.scope.actions,
			}
		};
		if !p.scope.actions.is_empty() || at == 0 {
			return p.scope.actions;
		}
		at = parent_of(exceptions, at).unwrap_or(0);
	}
	root.scope.actions
}

/// Whether `consent` explicitly refuses emergency reading to whoever it is granted to: a deny —
/// the root, or a nested provision — whose actions (its own, else its nearest ancestor's)
/// include `Access` or `Use`. A break-glass episode that opens anyway names such consents of the
/// requester, so that the alert, the answer and the review all say a "no" was overridden.
pub fn refuses_emergency_reading<A: Plain, B: Plain, M: Get<u32>, R: Get<u32>>(
	root: &Provision<A, B, M, R>,
	exceptions: &[Exception<A, B, M, R>],
) -> bool {
	let reading = |actions: ActionSet| actions.contains(ConsentAction::Access) || actions.contains(ConsentAction::Use);
	(root.decision == Decision::Deny && reading(root.scope.actions))
		|| exceptions.iter().enumerate().any(|(i, e)| {
			e.provision.decision == Decision::Deny && reading(effective_actions(root, exceptions, i.saturating_add(1)))
		})
}

/// The decision of the patient's `consents` (id and record, any order) for `request` by
/// `requester` at block `now`. Break-glass episodes are not consulted here.
pub fn decide<'a, AccountId, BlockNumber, Ticket, M, R, E>(
	consents: impl IntoIterator<Item = (ConsentId, &'a ConsentRecord<AccountId, BlockNumber, Ticket, M, R, E>)>,
	requester: &Requester<AccountId>,
	request: &Request<AccountId>,
	now: BlockNumber,
) -> AccessDecision
where
	AccountId: Plain + 'a,
	BlockNumber: Plain + PartialOrd + 'a,
	Ticket: Plain + 'a,
	M: Get<u32> + 'a,
	R: Get<u32> + 'a,
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
		if !c.validity.is_active_at(&now) {
			continue;
		}
		if !grantee_matches(&c.grantee, requester) {
			continue;
		}
		// Walk the provision tree, parents first: a provision applies when its parent does and
		// it matches itself; the applying provisions with no applying child decide.
		let count = c.exceptions.len().saturating_add(1);
		// Per provision: `None` if it does not cover the request; else what it says (`None`: a
		// permit lacking a sensitive label, whose children may still name it) and its rank.
		let mut applies: Vec<Option<(Option<bool>, Specificity)>> = Vec::with_capacity(count);
		let mut inherited: Vec<Vec<SecurityLabel>> = Vec::with_capacity(count);
		let mut has_applying_child: Vec<bool> = alloc::vec![false; count];
		for i in 0..count {
			let (provision, parent) = if i == 0 {
				(&c.provision, None)
			} else {
				match c.exceptions.get(i.saturating_sub(1)) {
					Some(e) => (&e.provision, Some(usize::from(e.parent))),
					None => break,
				}
			};
			let parent_state = match parent {
				None => Some((None, (c.grantee.rank(), 0, 0))),
				Some(p) => applies.get(p).cloned().flatten(),
			};
			let labels_above: Vec<SecurityLabel> = match parent {
				None => Vec::new(),
				Some(p) => {
					let mut l = inherited.get(p).cloned().unwrap_or_default();
					if let Some(pp) = if p == 0 {
						Some(&c.provision)
					} else {
						c.exceptions.get(p.saturating_sub(1)).map(|e| &e.provision)
					} {
						l.extend(pp.scope.labels.iter().copied());
					}
					l
				},
			};
			let mut state = None;
			if let Some((_, (grantee_rank, depth, dims))) = parent_state {
				let matches = scope_matches(&provision.scope, request, i == 0)
					&& provision.actor.as_ref().is_none_or(|a| grantee_matches(a, requester))
					&& provision.period.as_ref().is_none_or(|p| p.is_active_at(&now));
				if matches {
					let rank = (
						provision.actor.as_ref().map_or(grantee_rank, |a| a.rank().max(grantee_rank)),
						if i == 0 { depth } else { depth.saturating_add(1) },
						dims.saturating_add(provision.scope.constrained_dimensions())
							.saturating_add(provision.data.constrained_dimensions()),
					);
					match provision_says(provision, &labels_above, request) {
						Says::Permit => state = Some((Some(true), rank)),
						Says::Deny => state = Some((Some(false), rank)),
						Says::Blocked(l) => {
							blocked = Some(l);
							state = Some((None, rank));
						},
						Says::NotApplicable => {},
					}
				}
			}
			if matches!(state, Some((Some(_), _))) {
				if let Some(flag) = parent.and_then(|p| has_applying_child.get_mut(p)) {
					*flag = true;
				}
			}
			applies.push(state);
			inherited.push(labels_above);
		}
		// The deciding provisions: those that apply and have no applying child. A deny among
		// them wins over their permits (deny overrides among siblings).
		let mut consent_deny: Option<Candidate> = None;
		let mut consent_permit: Option<Candidate> = None;
		for (i, state) in applies.iter().enumerate() {
			let Some((Some(permit), rank)) = state else { continue };
			if has_applying_child.get(i).copied().unwrap_or(false) {
				continue;
			}
			let candidate = Candidate { rank: *rank, consent: id, provision: u8::try_from(i).unwrap_or(u8::MAX) };
			if *permit {
				offer(&mut consent_permit, candidate);
			} else {
				offer(&mut consent_deny, candidate);
			}
		}
		match (consent_deny, consent_permit) {
			(Some(d), _) => offer(&mut best_deny, d),
			(None, Some(p)) => offer(&mut best_permit, p),
			(None, None) => {},
		}
	}
	match (best_deny, best_permit, blocked) {
		(Some(d), _, _) => AccessDecision::Deny { consent: d.consent, provision: d.provision },
		(None, Some(p), _) => AccessDecision::Permit { consent: p.consent, provision: p.provision },
		(None, None, Some(l)) => AccessDecision::DenySensitiveLabel(l),
		(None, None, None) => AccessDecision::DenyNoConsent,
	}
}
