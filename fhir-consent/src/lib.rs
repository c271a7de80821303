//! # FHIR Consent ⇄ Healthchain consent
//!
//! Hospitals and apps speak HL7 FHIR: a patient's privacy consent is a `Consent` resource. This
//! crate turns a FHIR **R4** or **R5** `Consent` (JSON) into the arguments of
//! `pallet_consent::grant_consent` — and a consent read from the chain back into FHIR JSON — or
//! says, naming the element, what the chain cannot express.
//!
//! ## Terminology
//!
//! - [`ChainConsent`]: what `grant_consent` takes — the patient, the grantee, a root provision,
//!   nested provisions as `(parent, provision)`, the policy hash, a period in blocks, and whether
//!   emergency access may override its denies.
//! - [`Directory`]: how FHIR references name chain parties. [`ChainDirectory`] is the scheme the
//!   chain publishes: `Patient/<ss58>`, `Organization/<id>`, `PractitionerRole/<ss58>-<org>` (a
//!   member at an organisation), `Practitioner/<ss58>` (an author), `Group/kind-<Kind>` (every
//!   organisation of a kind), `Group/consortium` (every member), `DocumentReference/<anchor>`.
//! - [`Clock`]: FHIR periods are instants; the chain counts blocks. A clock pins one block to one
//!   instant and a block time, so instants map to blocks and back (rounded down to the block).
//!
//! ## Scenario
//!
//! Pat's hospital portal hands her a FHIR R4 `Consent`: "City Hospital may read everything for
//! treatment, except psychiatric notes". Her wallet calls [`import`] with the chain's clock and
//! directory, gets a [`ChainConsent`], and signs `grant_consent` with it (the `healthchain`
//! command-line client does exactly this: `healthchain consent grant --file consent.json`).
//! Later her insurer's auditor calls the node's `health_consentsFhir` RPC and reads the same
//! consent back as FHIR JSON, produced by [`export`].
//!
//! ## How FHIR elements map
//!
//! | FHIR | Chain |
//! |------|-------|
//! | `status` | must be `active` |
//! | R4 `patient` / R5 `subject` | the patient (consent subject) |
//! | R4 root `provision.type` (else `policyRule` `OPTIN` → permit, `OPTOUT` → deny) | root decision |
//! | R5 `decision` | root decision; R5 `provision`s are exceptions to it, each level inverting its parent's decision |
//! | `provision.actor` role `PRCP`, `GRANTEE`, `DELEGATEE` (R5 also `grantee`) | root: the consent's grantee; nested: the provision's own actor |
//! | `provision.actor` role `IRCP` | disclosure recipients |
//! | `provision.actor` role `CST` / `AUT` | record sources: custodian organisation / author |
//! | `provision.action` (`collect`, `access`, `use`, `disclose`, `correct`) | Store, Access, Use, Disclose, Amend |
//! | `provision.securityLabel` (v3 Confidentiality, v3 ActCode) | labels |
//! | `provision.purpose` (v3 ActReason PurposeOfUse) | purposes |
//! | R4 `provision.class` / R5 `provision.resourceType` (resource-types) | FHIR resource types |
//! | `provision.code`, R5 `documentType` (LOINC document codes, or `urn:healthchain:record-category`) | record categories |
//! | `provision.period` | root: the consent's period; nested: the provision's period |
//! | `provision.dataPeriod` | clinical-time window |
//! | `provision.data` (meaning `instance`) | record references |
//! | `policy.uri` / R5 `policyBasis.uri` | policy hash (`urn:healthchain:policy:0x…` kept as is, other URIs hashed) |
//! | extension `urn:healthchain:emergency-override` (`refused`) | emergency override refused (default allowed) |
//!
//! ## Refused, with the element named
//!
//! A status other than `active`; R4 `scope` other than `patient-privacy`/`treatment`;
//! `modifierExtension`; an actor role, code system or code outside the tables above; more than one
//! grantee at the root or one actor of a role in a nested provision; `data.meaning` other than
//! `instance`; `expression`; a reference the directory does not know; lists beyond the chain's
//! bounds; R4 nested provisions without `type`.
//!
//! ## Normalisation (what a round trip does not keep)
//!
//! [`normalise`] states it as code: narrative (`text`), `id`, `meta`, `identifier`, `contained`,
//! `extension`s other than the emergency override, `category`, R4 `scope`, the consent's
//! organisation/controller/manager, `performer`/`grantor`, `source*`, `verification`,
//! `regulatoryBasis`, `dateTime`/`date` and every `display` are dropped; the root decision is
//! written explicitly (R4 `provision.type` and `policyRule`); instants are rounded down to the
//! clock's block and written in UTC (`date` when at midnight UTC); codes are written in their
//! canonical system; lists of codes are de-duplicated in first-seen order.

use healthchain_primitives::{
	ConsentAction, FhirResourceType, OrganizationKind, PurposeOfUse, RecordCategory, SecurityLabel,
};
use pallet_consent::{
	ActionSet, DataPeriod, DataReference, Decision, EmergencyOverride, Grantee, Provision, RecordSource, Scope,
	Validity,
};
use polkadot_sdk::{
	frame_support::{traits::ConstU32, BoundedVec},
	sp_core::{
		crypto::{AccountId32, Ss58Codec},
		H256,
	},
};
use serde_json::{json, Map, Value};

pub mod audit;
mod codes;
mod time;
pub use codes::*;
pub use time::*;

/// Bounds of the lists this crate builds (larger than any runtime's; the client re-bounds).
pub type Bound = ConstU32<256>;
/// A provision as this crate builds it.
pub type ChainProvision = Provision<AccountId32, u32, Bound, Bound>;

/// The FHIR release of a `Consent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
	/// FHIR R4 (4.0.1).
	R4,
	/// FHIR R5 (5.0.0).
	R5,
}

impl Version {
	/// The release a resource is written in: R5 if it has R5-only elements (`subject`,
	/// `decision`, `grantee`, `grantor`, `controller`, `policyBasis`), else R4.
	pub fn detect(v: &Value) -> Version {
		let r5 = [
			"subject",
			"decision",
			"grantee",
			"grantor",
			"controller",
			"manager",
			"policyBasis",
			"regulatoryBasis",
			"date",
		];
		if r5.iter().any(|k| v.get(*k).is_some()) {
			Version::R5
		} else {
			Version::R4
		}
	}
}

/// Why a `Consent` cannot be expressed on chain (or a chain consent in FHIR): the element, and
/// what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FhirError {
	/// The FHIRPath-like location, e.g. `Consent.provision.provision[1].actor[0].role`.
	pub element: String,
	/// What is wrong.
	pub message: String,
}

impl core::fmt::Display for FhirError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "{}: {}", self.element, self.message)
	}
}

impl std::error::Error for FhirError {}

fn err<T>(element: impl Into<String>, message: impl Into<String>) -> Result<T, FhirError> {
	Err(FhirError { element: element.into(), message: message.into() })
}

/// A party a FHIR reference names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Party {
	/// A patient (consent subject) account.
	Patient(AccountId32),
	/// A member account at an organisation (`PractitionerRole`).
	Member { account: AccountId32, organization: u32 },
	/// An organisation.
	Organization(u32),
	/// Every active organisation of a kind.
	Kind(OrganizationKind),
	/// Every active member.
	AnyMember,
	/// An account as the author of records (`Practitioner`).
	Practitioner(AccountId32),
	/// An anchored record.
	Record(u64),
}

/// How FHIR references name chain parties, both ways.
pub trait Directory {
	/// The party `reference` (e.g. `Organization/3`) names, if known.
	fn resolve(&self, reference: &str) -> Option<Party>;
	/// The reference that names `party`.
	fn reference(&self, party: &Party) -> String;
}

/// The chain's own reference scheme (see the crate docs).
pub struct ChainDirectory;

impl Directory for ChainDirectory {
	fn resolve(&self, reference: &str) -> Option<Party> {
		let (kind, id) = reference.split_once('/')?;
		let account = |s: &str| AccountId32::from_ss58check(s).ok();
		match kind {
			"Patient" => account(id).map(Party::Patient),
			"Practitioner" => account(id).map(Party::Practitioner),
			"Organization" => id.parse().ok().map(Party::Organization),
			"PractitionerRole" => {
				let (a, o) = id.rsplit_once('-')?;
				Some(Party::Member { account: account(a)?, organization: o.parse().ok()? })
			},
			"Group" if id == "consortium" => Some(Party::AnyMember),
			"Group" => {
				let k = id.strip_prefix("kind-")?;
				OrganizationKind::ALL.iter().find(|x| x.as_str() == k).copied().map(Party::Kind)
			},
			"DocumentReference" => id.parse().ok().map(Party::Record),
			_ => None,
		}
	}

	fn reference(&self, party: &Party) -> String {
		match party {
			Party::Patient(a) => format!("Patient/{}", a.to_ss58check()),
			Party::Practitioner(a) => format!("Practitioner/{}", a.to_ss58check()),
			Party::Member { account, organization } => {
				format!("PractitionerRole/{}-{organization}", account.to_ss58check())
			},
			Party::Organization(o) => format!("Organization/{o}"),
			Party::Kind(k) => format!("Group/kind-{}", k.as_str()),
			Party::AnyMember => "Group/consortium".into(),
			Party::Record(id) => format!("DocumentReference/{id}"),
		}
	}
}

/// The chain's scheme plus named aliases: a hospital's own references (`Organization/f001`)
/// mapped to chain parties, both ways. Parsed from a JSON object `{"Organization/f001":
/// "Organization/3", …}` whose values are references in the chain's scheme.
#[derive(Clone, Debug, Default)]
pub struct MapDirectory {
	aliases: Vec<(String, Party)>,
}

impl MapDirectory {
	/// An empty directory (the chain's scheme only).
	pub fn new() -> Self {
		Self::default()
	}
	/// Name `party` as `reference` too.
	pub fn alias(mut self, reference: &str, party: Party) -> Self {
		self.aliases.push((reference.to_string(), party));
		self
	}
	/// Aliases from a JSON object of `alias → chain reference`.
	pub fn from_json(v: &Value) -> Result<Self, FhirError> {
		let Some(obj) = v.as_object() else {
			return err("directory", "expected an object of alias → chain reference");
		};
		let mut d = Self::new();
		for (alias, target) in obj {
			let t = target.as_str().unwrap_or_default();
			let party = ChainDirectory.resolve(t).ok_or_else(|| FhirError {
				element: format!("directory[{alias}]"),
				message: format!("`{t}` is not a chain reference"),
			})?;
			d = d.alias(alias, party);
		}
		Ok(d)
	}
}

impl Directory for MapDirectory {
	fn resolve(&self, reference: &str) -> Option<Party> {
		self.aliases
			.iter()
			.find(|(r, _)| r == reference)
			.map(|(_, p)| p.clone())
			.or_else(|| ChainDirectory.resolve(reference))
	}
	fn reference(&self, party: &Party) -> String {
		self.aliases
			.iter()
			.find(|(_, p)| p == party)
			.map(|(r, _)| r.clone())
			.unwrap_or_else(|| ChainDirectory.reference(party))
	}
}

/// The arguments of `grant_consent`, as FHIR states them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainConsent {
	/// The consent subject.
	pub patient: AccountId32,
	/// Who it is given to.
	pub grantee: Grantee<AccountId32>,
	/// The root provision.
	pub provision: ChainProvision,
	/// Nested provisions, `(parent, provision)`, parents first (0 = the root).
	pub exceptions: Vec<(u8, ChainProvision)>,
	/// The policy hash.
	pub policy: H256,
	/// First block (`None`: when granted).
	pub start: Option<u32>,
	/// The first block it is no longer in force (`None`: until revoked).
	pub expires_at: Option<u32>,
	/// Whether emergency access may override its denies.
	pub emergency: EmergencyOverride,
}

/// The extension URL of the emergency-override choice.
pub const EMERGENCY_EXTENSION: &str = "urn:healthchain:emergency-override";
/// The URI prefix of a chain policy hash.
pub const POLICY_URN: &str = "urn:healthchain:policy:";

fn bounded<T: Clone>(element: &str, items: Vec<T>) -> Result<BoundedVec<T, Bound>, FhirError> {
	let n = items.len();
	BoundedVec::try_from(items).or_else(|_| err(element, format!("{n} entries; the chain holds at most 256")))
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
	if !list.contains(&item) {
		list.push(item);
	}
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
	v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// The codings of a CodeableConcept (or a bare Coding).
fn codings(v: &Value) -> Vec<&Value> {
	match v.get("coding").and_then(Value::as_array) {
		Some(c) => c.iter().collect(),
		None if v.get("code").is_some() => vec![v],
		None => vec![],
	}
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
	v.get(key).and_then(Value::as_str)
}

/// What an import needs besides the JSON.
pub struct Context<'a> {
	/// Maps instants to blocks.
	pub clock: &'a Clock,
	/// Maps references to parties.
	pub directory: &'a dyn Directory,
}

/// One provision as read, before it is placed in the tree.
struct Read {
	provision: ChainProvision,
	grantees: Vec<Grantee<AccountId32>>,
	children: Vec<Value>,
}

fn grantee_of(element: &str, party: Party) -> Result<Grantee<AccountId32>, FhirError> {
	match party {
		Party::Member { account, organization } => Ok(Grantee::Member { account, organization }),
		Party::Organization(o) => Ok(Grantee::Organization(o)),
		Party::Kind(k) => Ok(Grantee::OrganizationKind(k)),
		Party::AnyMember => Ok(Grantee::AnyMember),
		Party::Patient(_) => err(element, "a patient cannot be given access to another's data here: name a PractitionerRole, an Organization or a Group"),
		Party::Practitioner(_) => err(element, "a Practitioner has no organisation on chain: name the PractitionerRole (member at an organisation)"),
		Party::Record(_) => err(element, "a record cannot be given access: name a PractitionerRole, an Organization or a Group"),
	}
}

fn resolve(ctx: &Context, element: &str, reference: &Value) -> Result<Party, FhirError> {
	let Some(r) = str_of(reference, "reference") else {
		return err(element, "a literal reference (`reference`) is required");
	};
	ctx.directory
		.resolve(r)
		.ok_or_else(|| FhirError { element: element.into(), message: format!("`{r}` names no party the chain knows") })
}

/// Read one provision's own elements (not its children's).
fn read_provision(ctx: &Context, at: &str, p: &Value, decision: Decision, root: bool) -> Result<Read, FhirError> {
	if p.get("expression").is_some() {
		return err(format!("{at}.expression"), "computable expressions are not supported");
	}
	let mut actions = Vec::new();
	for (i, a) in arr(p, "action").iter().enumerate() {
		for c in codings(a) {
			let code = str_of(c, "code").unwrap_or_default();
			let action = action_from_code(code).ok_or_else(|| FhirError {
				element: format!("{at}.action[{i}]"),
				message: format!("unknown consent action `{code}`; expected collect, access, use, disclose or correct"),
			})?;
			actions.push(action);
		}
	}
	let mut actions = ActionSet::of(&actions);
	if root && actions.is_empty() {
		actions = ActionSet::all();
	}
	let mut labels = Vec::new();
	for (i, l) in arr(p, "securityLabel").iter().enumerate() {
		push_unique(
			&mut labels,
			label_from_coding(l).map_err(|m| FhirError { element: format!("{at}.securityLabel[{i}]"), message: m })?,
		);
	}
	let mut purposes = Vec::new();
	for (i, c) in arr(p, "purpose").iter().enumerate() {
		push_unique(
			&mut purposes,
			purpose_from_coding(c).map_err(|m| FhirError { element: format!("{at}.purpose[{i}]"), message: m })?,
		);
	}
	let mut resource_types = Vec::new();
	let mut categories = Vec::new();
	for key in ["class", "resourceType"] {
		for (i, c) in arr(p, key).iter().enumerate() {
			match resource_type_from_coding(c) {
				Ok(t) => push_unique(&mut resource_types, t),
				Err(m) => match category_from_coding(c) {
					Ok(cat) => push_unique(&mut categories, cat),
					Err(_) => return err(format!("{at}.{key}[{i}]"), m),
				},
			}
		}
	}
	for key in ["code", "documentType"] {
		for (i, cc) in arr(p, key).iter().enumerate() {
			let cs = codings(cc);
			if cs.is_empty() {
				return err(format!("{at}.{key}[{i}]"), "no coding");
			}
			for c in cs {
				push_unique(
					&mut categories,
					category_from_coding(c)
						.map_err(|m| FhirError { element: format!("{at}.{key}[{i}]"), message: m })?,
				);
			}
		}
	}
	let mut grantees = Vec::new();
	let mut sources = Vec::new();
	let mut recipients = Vec::new();
	for (i, a) in arr(p, "actor").iter().enumerate() {
		let el = format!("{at}.actor[{i}]");
		let role = a.get("role").map(codings).unwrap_or_default();
		let Some(role) = role.first().and_then(|c| str_of(c, "code")) else {
			return err(format!("{el}.role"), "an actor needs a role");
		};
		let reference = a
			.get("reference")
			.ok_or_else(|| FhirError { element: format!("{el}.reference"), message: "missing".into() })?;
		let party = resolve(ctx, &format!("{el}.reference"), reference)?;
		match role {
			"PRCP" | "GRANTEE" | "DELEGATEE" => grantees.push(grantee_of(&format!("{el}.reference"), party)?),
			"IRCP" => recipients.push(grantee_of(&format!("{el}.reference"), party)?),
			"CST" => match party {
				Party::Organization(o) => sources.push(RecordSource::Custodian(o)),
				other => {
					return err(format!("{el}.reference"), format!("a custodian is an Organization, not {other:?}"))
				},
			},
			"AUT" => match party {
				Party::Practitioner(a) | Party::Member { account: a, .. } => sources.push(RecordSource::Author(a)),
				other => return err(format!("{el}.reference"), format!("an author is a Practitioner, not {other:?}")),
			},
			other => {
				return err(
					format!("{el}.role"),
					format!("actor role `{other}` is not supported; use PRCP/GRANTEE, IRCP, CST or AUT"),
				)
			},
		}
	}
	let mut records = Vec::new();
	for (i, d) in arr(p, "data").iter().enumerate() {
		let meaning = str_of(d, "meaning").unwrap_or("instance");
		if meaning != "instance" {
			return err(
				format!("{at}.data[{i}].meaning"),
				format!("`{meaning}` is not supported; only `instance` (a record and its later versions)"),
			);
		}
		let el = format!("{at}.data[{i}].reference");
		match resolve(ctx, &el, d.get("reference").unwrap_or(&Value::Null))? {
			Party::Record(anchor) => records.push(DataReference { anchor, original: 0 }),
			other => return err(el, format!("{other:?} is not an anchored record")),
		}
	}
	let data_period = match p.get("dataPeriod") {
		None => None,
		Some(dp) => Some(DataPeriod {
			start: str_of(dp, "start")
				.map(|s| parse_instant(s, false))
				.transpose()
				.map_err(|m| FhirError { element: format!("{at}.dataPeriod.start"), message: m })?,
			end: str_of(dp, "end")
				.map(|s| parse_instant(s, true))
				.transpose()
				.map_err(|m| FhirError { element: format!("{at}.dataPeriod.end"), message: m })?,
		}),
	};
	let period = match p.get("period") {
		None => None,
		Some(pp) => {
			let start = str_of(pp, "start")
				.map(|s| parse_instant(s, false))
				.transpose()
				.map_err(|m| FhirError { element: format!("{at}.period.start"), message: m })?;
			// FHIR's end is inclusive; the chain's is the first block after.
			let end = str_of(pp, "end")
				.map(|s| parse_instant(s, true))
				.transpose()
				.map_err(|m| FhirError { element: format!("{at}.period.end"), message: m })?;
			Some(Validity {
				start: start.map_or(0, |s| ctx.clock.to_block(s)),
				expires_at: end.map(|e| ctx.clock.to_block(e).saturating_add(1)),
			})
		},
	};
	let provision = Provision {
		decision,
		scope: Scope {
			actions,
			categories: bounded(&format!("{at}.code"), categories)?,
			resource_types: bounded(&format!("{at}.class"), resource_types)?,
			purposes: bounded(&format!("{at}.purpose"), purposes)?,
			labels: bounded(&format!("{at}.securityLabel"), labels)?,
		},
		actor: None,
		period,
		data: pallet_consent::DataScope {
			records: bounded(&format!("{at}.data"), records)?,
			sources: bounded(&format!("{at}.actor"), sources)?,
			data_period,
			recipients: bounded(&format!("{at}.actor"), recipients)?,
		},
	};
	Ok(Read { provision, grantees, children: arr(p, "provision").to_vec() })
}

fn decision_of(s: &str) -> Option<Decision> {
	match s {
		"permit" => Some(Decision::Permit),
		"deny" => Some(Decision::Deny),
		_ => None,
	}
}

fn invert(d: Decision) -> Decision {
	match d {
		Decision::Permit => Decision::Deny,
		Decision::Deny => Decision::Permit,
	}
}

/// Place `children` (read at `at`) under `parent`, depth first, parents before children.
fn nest(
	ctx: &Context,
	version: Version,
	at: &str,
	children: &[Value],
	parent: u8,
	parent_decision: Decision,
	out: &mut Vec<(u8, ChainProvision)>,
) -> Result<(), FhirError> {
	for (i, child) in children.iter().enumerate() {
		let el = format!("{at}.provision[{i}]");
		let decision = match version {
			// R4 states each nested provision's type.
			Version::R4 => match str_of(child, "type") {
				Some(t) => decision_of(t).ok_or_else(|| FhirError {
					element: format!("{el}.type"),
					message: format!("`{t}` is neither deny nor permit"),
				})?,
				None => return err(format!("{el}.type"), "a nested provision must say deny or permit"),
			},
			// R5: each level is an exception to its parent, so it decides the opposite.
			Version::R5 => invert(parent_decision),
		};
		let mut read = read_provision(ctx, &el, child, decision, false)?;
		match read.grantees.len() {
			0 => {},
			1 => read.provision.actor = read.grantees.pop(),
			_ => return err(format!("{el}.actor"), "a nested provision has at most one actor it applies to"),
		}
		if out.len() >= 64 {
			return err(el, "more than 64 nested provisions");
		}
		out.push((parent, read.provision));
		let me = u8::try_from(out.len())
			.map_err(|_| FhirError { element: el.clone(), message: "too many provisions".into() })?;
		nest(ctx, version, &el, &read.children, me, decision, out)?;
	}
	Ok(())
}

/// Import a FHIR `Consent` (R4 or R5, detected) as the arguments of `grant_consent`.
pub fn import(v: &Value, ctx: &Context) -> Result<(Version, ChainConsent), FhirError> {
	if str_of(v, "resourceType") != Some("Consent") {
		return err("Consent.resourceType", "must be `Consent`");
	}
	if v.get("modifierExtension").is_some() {
		return err("Consent.modifierExtension", "modifier extensions change meaning and are not supported");
	}
	match str_of(v, "status") {
		Some("active") => {},
		Some(s) => return err("Consent.status", format!("`{s}`: only an active consent can be granted")),
		None => return err("Consent.status", "missing"),
	}
	let version = Version::detect(v);
	if version == Version::R4 {
		for c in v.get("scope").map(codings).unwrap_or_default() {
			match str_of(c, "code") {
				Some("patient-privacy") | Some("treatment") => {},
				Some(other) => {
					return err(
						"Consent.scope",
						format!(
						"`{other}`: the chain's consents are privacy consents (research opt-ins are set separately)"
					),
					)
				},
				None => {},
			}
		}
	}
	let subject_key = if version == Version::R4 { "patient" } else { "subject" };
	let patient = match resolve(ctx, &format!("Consent.{subject_key}"), v.get(subject_key).unwrap_or(&Value::Null))? {
		Party::Patient(p) => p,
		other => return err(format!("Consent.{subject_key}"), format!("{other:?} is not a patient")),
	};
	let mut emergency = EmergencyOverride::Allowed;
	for e in arr(v, "extension") {
		if str_of(e, "url") == Some(EMERGENCY_EXTENSION) {
			emergency = match str_of(e, "valueCode") {
				Some("refused") => EmergencyOverride::Refused,
				Some("allowed") => EmergencyOverride::Allowed,
				other => {
					return err(
						"Consent.extension",
						format!("emergency override `{other:?}`: expected allowed or refused"),
					)
				},
			};
		}
	}
	let policy_uri = match version {
		Version::R4 => arr(v, "policy").first().and_then(|p| str_of(p, "uri")),
		Version::R5 => v.get("policyBasis").and_then(|p| str_of(p, "uri")),
	};
	let policy = match policy_uri {
		None => H256::zero(),
		Some(uri) => match uri.strip_prefix(POLICY_URN) {
			Some(hex) => parse_h256(hex).ok_or_else(|| FhirError {
				element: "Consent.policy.uri".into(),
				message: format!("`{uri}`: a policy hash is 0x and 64 hex digits"),
			})?,
			None => H256(polkadot_sdk::sp_crypto_hashing::blake2_256(uri.as_bytes())),
		},
	};
	let (root_json, root_decision, extra_children): (Value, Decision, Vec<Value>) = match version {
		Version::R4 => {
			let p = v.get("provision").cloned().unwrap_or(json!({}));
			let decision = match str_of(&p, "type") {
				Some(t) => decision_of(t).ok_or_else(|| FhirError {
					element: "Consent.provision.type".into(),
					message: format!("`{t}` is neither deny nor permit"),
				})?,
				None => match v
					.get("policyRule")
					.map(codings)
					.unwrap_or_default()
					.iter()
					.find_map(|c| str_of(c, "code"))
				{
					Some("OPTIN") => Decision::Permit,
					Some("OPTOUT") => Decision::Deny,
					_ => {
						return err(
							"Consent.provision.type",
							"the root provision must say deny or permit (or policyRule OPTIN/OPTOUT)",
						)
					},
				},
			};
			(p, decision, vec![])
		},
		Version::R5 => {
			let decision = match str_of(v, "decision") {
				Some(d) => decision_of(d).ok_or_else(|| FhirError {
					element: "Consent.decision".into(),
					message: format!("`{d}` is neither deny nor permit"),
				})?,
				None => Decision::Permit,
			};
			// R5's base decision applies to everything; its provisions are exceptions.
			(json!({}), decision, arr(v, "provision").to_vec())
		},
	};
	let mut root = read_provision(ctx, "Consent.provision", &root_json, root_decision, true)?;
	if version == Version::R5 {
		for (i, g) in arr(v, "grantee").iter().enumerate() {
			let el = format!("Consent.grantee[{i}]");
			root.grantees.push(grantee_of(&el, resolve(ctx, &el, g)?)?);
		}
	}
	let grantee = match root.grantees.len() {
		0 => Grantee::AnyMember,
		1 => root.grantees.remove(0),
		_ => {
			return err(
				if version == Version::R4 { "Consent.provision.actor" } else { "Consent.grantee" },
				"one consent has one grantee; write one consent per grantee",
			)
		},
	};
	let (start, expires_at) = match root.provision.period.take() {
		Some(p) => (Some(p.start), p.expires_at),
		None => (None, None),
	};
	let mut exceptions = Vec::new();
	let children = if version == Version::R4 { root.children.clone() } else { extra_children };
	let at = if version == Version::R4 { "Consent.provision" } else { "Consent" };
	nest(ctx, version, at, &children, 0, root_decision, &mut exceptions)?;
	Ok((
		version,
		ChainConsent { patient, grantee, provision: root.provision, exceptions, policy, start, expires_at, emergency },
	))
}

fn parse_h256(hex: &str) -> Option<H256> {
	let hex = hex.strip_prefix("0x")?;
	if hex.len() != 64 {
		return None;
	}
	let mut out = [0u8; 32];
	for (i, b) in out.iter_mut().enumerate() {
		*b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
	}
	Some(H256(out))
}

fn party_of_grantee(g: &Grantee<AccountId32>) -> Party {
	match g {
		Grantee::Member { account, organization } => {
			Party::Member { account: account.clone(), organization: *organization }
		},
		Grantee::Organization(o) => Party::Organization(*o),
		Grantee::OrganizationKind(k) => Party::Kind(*k),
		Grantee::AnyMember => Party::AnyMember,
	}
}

fn actor_json(dir: &dyn Directory, role: &str, party: &Party) -> Value {
	json!({
		"role": {"coding": [{"system": PARTICIPATION_SYSTEM, "code": role}]},
		"reference": {"reference": dir.reference(party)},
	})
}

/// One provision's own elements as FHIR JSON (no `type`, no children).
fn provision_json(p: &ChainProvision, dir: &dyn Directory, clock: &Clock, root: bool, r4: bool) -> Map<String, Value> {
	let mut m = Map::new();
	if let Some(period) = &p.period {
		m.insert("period".into(), period_json(clock, period.start, period.expires_at));
	}
	let mut actors = Vec::new();
	if let Some(g) = p.actor.as_ref() {
		actors.push(actor_json(dir, "PRCP", &party_of_grantee(g)));
	}
	for r in p.data.recipients.iter() {
		actors.push(actor_json(dir, "IRCP", &party_of_grantee(r)));
	}
	for s in p.data.sources.iter() {
		actors.push(match s {
			RecordSource::Custodian(o) => actor_json(dir, "CST", &Party::Organization(*o)),
			RecordSource::Author(a) => actor_json(dir, "AUT", &Party::Practitioner(a.clone())),
		});
	}
	if !actors.is_empty() {
		m.insert("actor".into(), Value::Array(actors));
	}
	let actions: Vec<Value> = p
		.scope
		.actions
		.iter()
		.map(|a| json!({"coding": [{"system": ACTION_SYSTEM, "code": action_code(a)}]}))
		.collect();
	// No actions, or all of them at the root, is what an absent `action` says.
	if !(actions.is_empty() || (root && p.scope.actions == ActionSet::all())) {
		m.insert("action".into(), Value::Array(actions));
	}
	if !p.scope.labels.is_empty() {
		m.insert("securityLabel".into(), p.scope.labels.iter().map(label_coding).collect());
	}
	if !p.scope.purposes.is_empty() {
		m.insert("purpose".into(), p.scope.purposes.iter().map(purpose_coding).collect());
	}
	if !p.scope.resource_types.is_empty() {
		m.insert(
			if r4 { "class" } else { "resourceType" }.into(),
			p.scope.resource_types.iter().map(resource_type_coding).collect(),
		);
	}
	if !p.scope.categories.is_empty() {
		m.insert(
			"code".into(),
			p.scope
				.categories
				.iter()
				.map(|c| json!({"coding": [category_coding(*c)]}))
				.collect(),
		);
	}
	if let Some(dp) = &p.data.data_period {
		let mut o = Map::new();
		if let Some(s) = dp.start {
			o.insert("start".into(), Value::String(format_instant(s)));
		}
		if let Some(e) = dp.end {
			o.insert("end".into(), Value::String(format_instant_as(e, true)));
		}
		m.insert("dataPeriod".into(), Value::Object(o));
	}
	if !p.data.records.is_empty() {
		m.insert(
			"data".into(),
			p.data
				.records
				.iter()
				.map(
					|r| json!({"meaning": "instance", "reference": {"reference": dir.reference(&Party::Record(r.anchor))}}),
				)
				.collect(),
		);
	}
	m
}

fn period_json(clock: &Clock, start: u32, end: Option<u32>) -> Value {
	let mut o = Map::new();
	o.insert("start".into(), Value::String(format_instant(clock.to_unix(start))));
	if let Some(e) = end {
		o.insert("end".into(), Value::String(format_instant_as(clock.to_unix(e).saturating_sub(1), true)));
	}
	Value::Object(o)
}

fn decision_str(d: Decision) -> &'static str {
	match d {
		Decision::Permit => "permit",
		Decision::Deny => "deny",
	}
}

/// Export a chain consent as a FHIR `Consent` of `version`. R5 states nested provisions only as
/// exceptions that invert their parent's decision, and its base decision covers everything: a
/// consent whose root is constrained, or with a nested provision deciding like its parent, has
/// no R5 form (R4 has one for every consent).
pub fn export(c: &ChainConsent, version: Version, clock: &Clock, dir: &dyn Directory) -> Result<Value, FhirError> {
	let mut root = provision_json(&c.provision, dir, clock, true, version == Version::R4);
	let mut out = Map::new();
	out.insert("resourceType".into(), json!("Consent"));
	out.insert("status".into(), json!("active"));
	if c.emergency == EmergencyOverride::Refused {
		out.insert("extension".into(), json!([{"url": EMERGENCY_EXTENSION, "valueCode": "refused"}]));
	}
	let patient = json!({"reference": dir.reference(&Party::Patient(c.patient.clone()))});
	let policy = (c.policy != H256::zero()).then(|| format!("{POLICY_URN}0x{}", hex_of(&c.policy)));
	// Children of each provision index (0 = root), in order.
	let children = |parent: u8| {
		c.exceptions
			.iter()
			.enumerate()
			.filter(move |(_, (p, _))| *p == parent)
			.map(|(i, _)| i)
	};
	fn build(
		c: &ChainConsent,
		i: usize,
		dir: &dyn Directory,
		clock: &Clock,
		r4: bool,
		parent_decision: Decision,
	) -> Result<Value, FhirError> {
		let (_, p) = &c.exceptions[i];
		let mut m = provision_json(p, dir, clock, false, r4);
		if r4 {
			m.insert("type".into(), json!(decision_str(p.decision)));
		} else if p.decision == parent_decision {
			return err(
				format!("Consent.provision (nested provision {})", i + 1),
				"R5 nested provisions invert their parent's decision; this one decides like its parent (export as R4)",
			);
		}
		let me = u8::try_from(i + 1).unwrap_or(u8::MAX);
		let kids: Vec<Value> = c
			.exceptions
			.iter()
			.enumerate()
			.filter(|(_, (parent, _))| *parent == me)
			.map(|(j, _)| build(c, j, dir, clock, r4, p.decision))
			.collect::<Result<_, _>>()?;
		if !kids.is_empty() {
			m.insert("provision".into(), Value::Array(kids));
		}
		Ok(Value::Object(m))
	}
	if version == Version::R5 && (!root.is_empty() || c.start.is_some() || c.expires_at.is_some()) {
		return err(
			"Consent.provision",
			"R5's base decision covers everything; this consent's root provision is constrained (export as R4)",
		);
	}
	let kids: Vec<Value> = children(0)
		.map(|i| build(c, i, dir, clock, version == Version::R4, c.provision.decision))
		.collect::<Result<_, _>>()?;
	match version {
		Version::R4 => {
			out.insert(
				"scope".into(),
				json!({"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]}),
			);
			out.insert("category".into(), json!([{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}]));
			out.insert("patient".into(), patient);
			if let Some(uri) = policy {
				out.insert("policy".into(), json!([{"uri": uri}]));
			}
			out.insert("policyRule".into(), json!({"coding": [{"system": ACTCODE_SYSTEM, "code": if c.provision.decision == Decision::Permit { "OPTIN" } else { "OPTOUT" }}]}));
			if c.grantee != Grantee::AnyMember {
				let actors = root.entry("actor").or_insert_with(|| json!([]));
				if let Value::Array(a) = actors {
					a.insert(0, actor_json(dir, "PRCP", &party_of_grantee(&c.grantee)));
				}
			}
			if c.start.is_some() || c.expires_at.is_some() {
				root.insert("period".into(), period_json(clock, c.start.unwrap_or(0), c.expires_at));
			}
			let mut ordered = Map::new();
			ordered.insert("type".into(), json!(decision_str(c.provision.decision)));
			ordered.extend(root);
			if !kids.is_empty() {
				ordered.insert("provision".into(), Value::Array(kids));
			}
			out.insert("provision".into(), Value::Object(ordered));
		},
		Version::R5 => {
			out.insert("category".into(), json!([{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}]));
			out.insert("subject".into(), patient);
			if c.grantee != Grantee::AnyMember {
				out.insert("grantee".into(), json!([{"reference": dir.reference(&party_of_grantee(&c.grantee))}]));
			}
			if let Some(uri) = policy {
				out.insert("policyBasis".into(), json!({"uri": uri}));
			}
			out.insert("decision".into(), json!(decision_str(c.provision.decision)));
			if !kids.is_empty() {
				out.insert("provision".into(), Value::Array(kids));
			}
		},
	}
	Ok(Value::Object(out))
}

fn hex_of(h: &H256) -> String {
	h.0.iter().map(|b| format!("{b:02x}")).collect()
}

mod normal;
pub use normal::normalise;

#[cfg(test)]
mod tests;
