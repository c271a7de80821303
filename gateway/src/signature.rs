//! Who is asking: every request is signed with the requester's chain key, in the manner of HTTP
//! Message Signatures (RFC 9421), over a body digest (RFC 9530).
//!
//! A signed request carries:
//!
//! ```text
//! Content-Digest: sha-256=:<base64 of the body's SHA-256>:
//! X-Purpose-Of-Use: TREAT
//! Signature-Input: hc=("@method" "@path" "@query" "content-digest" "x-purpose-of-use");created=1764139200;nonce="4f1c…";keyid="5Grw…";alg="sr25519"
//! Signature: hc=:<base64 of the 64-byte sr25519 signature>:
//! ```
//!
//! The signature is over RFC 9421's signature base: one line `"<component>": <value>` per covered
//! component, then `"@signature-params": <the Signature-Input value after "hc=">`. `keyid` is the
//! requester's account (SS58), `created` the signing time in Unix seconds, `nonce` a value the
//! requester never uses twice. A signature over the same bytes wrapped in `<Bytes>…</Bytes>` is
//! accepted too: that is what browser wallets' `signRaw` signs.
//!
//! The gateway refuses a request when a covered component is missing (method, path and query
//! always; the digest when there is a body; the purpose when the request declares one), when the
//! digest does not match the body, when `created` is older than the allowed age or in the future
//! beyond the allowed skew, when the nonce was already used by that key, and when the signature does
//! not verify.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use polkadot_sdk::sp_core::{
	crypto::{AccountId32, Ss58Codec},
	sr25519, Pair,
};
use sha2::Digest;
use std::collections::HashMap;

/// The signature label the gateway reads.
pub const LABEL: &str = "hc";
/// The components every signature must cover.
pub const ALWAYS_COVERED: [&str; 3] = ["@method", "@path", "@query"];

/// What a request looks like to the signature check.
pub struct Request<'a> {
	/// `GET`, `POST`, …
	pub method: &'a str,
	/// The path, without the query (`/fhir/Binary/7`).
	pub path: &'a str,
	/// The query without its `?` (empty when none).
	pub query: &'a str,
	/// Header values by lower-case name.
	pub headers: &'a dyn Fn(&str) -> Option<String>,
	/// The body (empty for `GET`).
	pub body: &'a [u8],
}

/// A request whose signature verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
	/// The requester's account.
	pub signer: AccountId32,
	/// The purpose of use it declared, if any.
	pub purpose: Option<String>,
	/// When it was signed (Unix seconds).
	pub created: u64,
	/// The nonce it carries: the caller spends it in its ledger
	/// ([`crate::store::Store::first_use_of_nonce`]) and refuses a replay ([`AuthError::Replayed`]).
	pub nonce: String,
	/// Until when the nonce must be remembered (after that the signature is stale anyway).
	pub nonce_until: u64,
}

/// Why a request is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
	/// A header the check needs is absent.
	Missing(&'static str),
	/// A header does not parse.
	Malformed(&'static str, String),
	/// The signature covers too little.
	NotCovered(String),
	/// `alg` is not `sr25519`.
	UnsupportedAlgorithm(String),
	/// `keyid` is not an account.
	UnknownKey(String),
	/// The body does not match `Content-Digest`.
	DigestMismatch,
	/// `created` is too old.
	Stale { created: u64, now: u64 },
	/// `created` is too far in the future.
	FromTheFuture { created: u64, now: u64 },
	/// The nonce was used before by this key.
	Replayed,
	/// The signature does not verify.
	BadSignature,
}

impl core::fmt::Display for AuthError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			AuthError::Missing(h) => write!(f, "the request is not signed: header `{h}` is missing"),
			AuthError::Malformed(h, why) => write!(f, "header `{h}` is malformed: {why}"),
			AuthError::NotCovered(c) => write!(f, "the signature must cover `{c}`"),
			AuthError::UnsupportedAlgorithm(a) => write!(f, "signature algorithm `{a}` is not supported; use sr25519"),
			AuthError::UnknownKey(k) => write!(f, "keyid `{k}` is not an SS58 account"),
			AuthError::DigestMismatch => f.write_str("the body does not match its Content-Digest"),
			AuthError::Stale { created, now } => {
				write!(f, "the signature was created at {created}, too long before now ({now}); sign again")
			},
			AuthError::FromTheFuture { created, now } => {
				write!(f, "the signature was created at {created}, after now ({now}); check the clock")
			},
			AuthError::Replayed => f.write_str("this nonce was already used with this key: the request is a replay"),
			AuthError::BadSignature => f.write_str("the signature does not verify for keyid over this request"),
		}
	}
}

impl std::error::Error for AuthError {}

/// How old (and how far in the future) a signature may be, in seconds.
#[derive(Clone, Copy, Debug)]
pub struct Window {
	/// The oldest `created` accepted, before now.
	pub max_age: u64,
	/// The latest `created` accepted, after now (clock skew).
	pub max_skew: u64,
}

impl Default for Window {
	fn default() -> Self {
		Window { max_age: 300, max_skew: 30 }
	}
}

/// The `Content-Digest` value of `body` (RFC 9530, SHA-256).
pub fn content_digest(body: &[u8]) -> String {
	format!("sha-256=:{}:", B64.encode(sha2::Sha256::digest(body)))
}

/// The parsed `Signature-Input` member: covered components and parameters.
struct Input {
	components: Vec<String>,
	params: HashMap<String, String>,
	/// The member's value as written (what `@signature-params` repeats).
	raw: String,
}

/// Parses `label=("a" "b");k=v;k="v"` for `label` out of a dictionary header.
fn parse_input(header: &str) -> Result<Input, AuthError> {
	let bad = |why: &str| AuthError::Malformed("signature-input", why.to_owned());
	let raw = member(header, LABEL).ok_or_else(|| bad("no `hc=` member"))?;
	let rest = raw
		.strip_prefix('(')
		.ok_or_else(|| bad("expected `(` and the covered components"))?;
	let (list, params) = rest.split_once(')').ok_or_else(|| bad("unclosed component list"))?;
	let components = list
		.split_whitespace()
		.map(|c| c.strip_prefix('"').and_then(|c| c.strip_suffix('"')).map(str::to_owned))
		.collect::<Option<Vec<_>>>()
		.ok_or_else(|| bad("components must be quoted strings"))?;
	let mut map = HashMap::new();
	for param in params.split(';').filter(|p| !p.is_empty()) {
		let (k, v) = param.split_once('=').ok_or_else(|| bad("a parameter without a value"))?;
		let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v);
		map.insert(k.trim().to_owned(), v.to_owned());
	}
	Ok(Input { components, params: map, raw: raw.to_owned() })
}

/// The value of dictionary member `label` (up to the next top-level comma).
fn member<'h>(header: &'h str, label: &str) -> Option<&'h str> {
	let mut depth = 0i32;
	let mut in_string = false;
	let mut start = 0;
	for (i, ch) in header.char_indices() {
		match ch {
			'"' => in_string = !in_string,
			'(' if !in_string => depth += 1,
			')' if !in_string => depth -= 1,
			',' if !in_string && depth == 0 => {
				if let Some(v) = header[start..i].trim().strip_prefix(label).and_then(|v| v.strip_prefix('=')) {
					return Some(v);
				}
				start = i + 1;
			},
			_ => {},
		}
	}
	header[start..].trim().strip_prefix(label).and_then(|v| v.strip_prefix('='))
}

/// The signature base of RFC 9421 §2.5 for `req` covering `components`, ending in `params`.
fn signature_base(req: &Request, components: &[String], params: &str) -> Result<String, AuthError> {
	let mut base = String::new();
	for c in components {
		let value = match c.as_str() {
			"@method" => req.method.to_ascii_uppercase(),
			"@path" => req.path.to_owned(),
			"@query" => format!("?{}", req.query),
			name if name.starts_with('@') => return Err(AuthError::NotCovered(format!("{name} (unsupported)"))),
			name => (req.headers)(name)
				.map(|v| v.trim().to_owned())
				.ok_or(AuthError::NotCovered(name.to_owned()))?,
		};
		base.push_str(&format!("\"{c}\": {value}\n"));
	}
	base.push_str(&format!("\"@signature-params\": {params}"));
	Ok(base)
}

/// Checks the signature of `req` at time `now` (Unix seconds). The nonce is the caller's to spend.
pub fn verify(req: &Request, now: u64, window: Window) -> Result<Verified, AuthError> {
	let header = |name: &'static str| (req.headers)(name).ok_or(AuthError::Missing(name));
	let input = parse_input(&header("signature-input")?)?;
	let covered = |c: &str| input.components.iter().any(|x| x == c);
	let purpose = (req.headers)("x-purpose-of-use");
	let mut required: Vec<&str> = ALWAYS_COVERED.to_vec();
	if !req.body.is_empty() {
		required.push("content-digest");
	}
	if purpose.is_some() {
		required.push("x-purpose-of-use");
	}
	if let Some(missing) = required.into_iter().find(|c| !covered(c)) {
		return Err(AuthError::NotCovered(missing.to_owned()));
	}
	if !req.body.is_empty() && header("content-digest")?.trim() != content_digest(req.body) {
		return Err(AuthError::DigestMismatch);
	}
	let param = |k: &'static str| {
		input
			.params
			.get(k)
			.ok_or(AuthError::Malformed("signature-input", format!("no `{k}`")))
	};
	let alg = param("alg")?;
	if alg != "sr25519" {
		return Err(AuthError::UnsupportedAlgorithm(alg.clone()));
	}
	let keyid = param("keyid")?;
	let signer = AccountId32::from_ss58check(keyid).map_err(|_| AuthError::UnknownKey(keyid.clone()))?;
	let created: u64 = param("created")?
		.parse()
		.map_err(|_| AuthError::Malformed("signature-input", "`created` is not a number".into()))?;
	if created.saturating_add(window.max_age) < now {
		return Err(AuthError::Stale { created, now });
	}
	if created > now.saturating_add(window.max_skew) {
		return Err(AuthError::FromTheFuture { created, now });
	}
	let nonce = param("nonce")?;
	let sig = member(&header("signature")?, LABEL)
		.and_then(|v| v.strip_prefix(':')?.strip_suffix(':'))
		.and_then(|b| B64.decode(b).ok())
		.and_then(|b| <[u8; 64]>::try_from(b).ok())
		.ok_or(AuthError::Malformed("signature", "expected hc=:<base64 of 64 bytes>:".into()))?;
	let base = signature_base(req, &input.components, &input.raw)?;
	let public = sr25519::Public::from_raw(signer.clone().into());
	let signature = sr25519::Signature::from_raw(sig);
	let wrapped = format!("<Bytes>{base}</Bytes>");
	if !sr25519::Pair::verify(&signature, base.as_bytes(), &public)
		&& !sr25519::Pair::verify(&signature, wrapped.as_bytes(), &public)
	{
		return Err(AuthError::BadSignature);
	}
	// Only a verified request may spend its nonce, so a forger cannot burn a requester's nonces.
	Ok(Verified { signer, purpose, created, nonce: nonce.clone(), nonce_until: created.saturating_add(window.max_age) })
}

/// The headers that sign `req` (its `headers` are ignored) with `pair`: `Content-Digest` (when
/// there is a body), `Signature-Input` and `Signature`, covering the purpose when one is given.
/// What a client (the CLI, the tests) sends.
pub fn sign(
	pair: &sr25519::Pair,
	req: &Request,
	purpose: Option<&str>,
	created: u64,
	nonce: &str,
) -> Vec<(&'static str, String)> {
	let mut out = Vec::new();
	let mut components: Vec<String> = ALWAYS_COVERED.iter().map(|c| c.to_string()).collect();
	if !req.body.is_empty() {
		out.push(("content-digest", content_digest(req.body)));
		components.push("content-digest".into());
	}
	if let Some(p) = purpose {
		out.push(("x-purpose-of-use", p.to_owned()));
		components.push("x-purpose-of-use".into());
	}
	let keyid = AccountId32::from(pair.public().0).to_ss58check();
	let list: Vec<String> = components.iter().map(|c| format!("\"{c}\"")).collect();
	let params = format!("({});created={created};nonce=\"{nonce}\";keyid=\"{keyid}\";alg=\"sr25519\"", list.join(" "));
	let signed = out.clone();
	let headers = move |name: &str| signed.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
	let view = Request { headers: &headers, ..*req };
	// Every covered component is present in `view`, so the base always builds.
	let base = signature_base(&view, &components, &params).unwrap_or_default();
	out.push(("signature-input", format!("{LABEL}={params}")));
	out.push(("signature", format!("{LABEL}=:{}:", B64.encode(pair.sign(base.as_bytes()).0))));
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	const NOW: u64 = 1_764_139_200;

	fn pharmacist() -> sr25519::Pair {
		sr25519::Pair::from_string("//Pharmacist", None).expect("dev seed")
	}

	/// A retrieve of `/fhir/Binary/7` for TREAT, signed by the pharmacist at `created`, with its
	/// headers altered by `tweak`, checked at NOW.
	fn check(
		method: &str,
		body: &[u8],
		created: u64,
		nonce: &str,
		tweak: impl Fn(&mut Vec<(&'static str, String)>),
	) -> Result<Verified, AuthError> {
		let none = |_: &str| None;
		let req = Request { method, path: "/fhir/Binary/7", query: "", headers: &none, body };
		let mut headers = sign(&pharmacist(), &req, Some("TREAT"), created, nonce);
		tweak(&mut headers);
		let lookup = move |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
		verify(&Request { headers: &lookup, ..req }, NOW, Window::default())
	}

	fn set(headers: &mut [(&'static str, String)], name: &str, value: String) {
		if let Some(h) = headers.iter_mut().find(|(n, _)| *n == name) {
			h.1 = value;
		}
	}

	#[test]
	fn a_signed_request_names_its_signer_and_purpose() {
		let v = check("GET", b"", NOW, "n1", |_| {}).expect("verifies");
		assert_eq!(v.signer, AccountId32::from(pharmacist().public().0));
		assert_eq!(v.purpose.as_deref(), Some("TREAT"));
		let v = check("POST", b"{\"resourceType\":\"Bundle\"}", NOW - 10, "n2", |_| {});
		assert_eq!(v.map(|v| v.created), Ok(NOW - 10));
	}

	#[test]
	fn unsigned_and_malformed_requests_are_refused_by_name() {
		let strip = |name: &'static str| move |h: &mut Vec<(&'static str, String)>| h.retain(|(n, _)| *n != name);
		assert_eq!(check("GET", b"", NOW, "a", strip("signature")), Err(AuthError::Missing("signature")));
		assert_eq!(check("GET", b"", NOW, "b", strip("signature-input")), Err(AuthError::Missing("signature-input")));
		let garbled = |h: &mut Vec<(&'static str, String)>| set(h, "signature", "hc=:not base64:".into());
		assert!(matches!(check("GET", b"", NOW, "c", garbled), Err(AuthError::Malformed("signature", _))));
	}

	#[test]
	fn a_signature_by_another_key_or_over_another_request_is_refused() {
		// Claiming to be Alice with the pharmacist's signature.
		let alice = AccountId32::from(sr25519::Pair::from_string("//Alice", None).expect("seed").public().0);
		let impostor = move |h: &mut Vec<(&'static str, String)>| {
			let input = h
				.iter()
				.find(|(n, _)| *n == "signature-input")
				.map(|(_, v)| v.clone())
				.unwrap_or_default();
			let keyid = input
				.split("keyid=\"")
				.nth(1)
				.and_then(|r| r.split('"').next())
				.unwrap_or_default()
				.to_owned();
			set(h, "signature-input", input.replace(&keyid, &alice.to_ss58check()));
		};
		assert_eq!(check("GET", b"", NOW, "a", impostor), Err(AuthError::BadSignature));
		// The same signature presented for another purpose.
		let repurposed = |h: &mut Vec<(&'static str, String)>| set(h, "x-purpose-of-use", "HRESCH".into());
		assert_eq!(check("GET", b"", NOW, "b", repurposed), Err(AuthError::BadSignature));
	}

	#[test]
	fn the_body_must_match_its_digest_and_the_digest_must_be_signed() {
		let swapped = |h: &mut Vec<(&'static str, String)>| set(h, "content-digest", content_digest(b"other"));
		assert_eq!(check("POST", b"{}", NOW, "a", swapped), Err(AuthError::DigestMismatch));
		let uncovered = |h: &mut Vec<(&'static str, String)>| {
			let input = h
				.iter()
				.find(|(n, _)| *n == "signature-input")
				.map(|(_, v)| v.clone())
				.unwrap_or_default();
			set(h, "signature-input", input.replace(" \"content-digest\"", ""));
		};
		assert_eq!(check("POST", b"{}", NOW, "b", uncovered), Err(AuthError::NotCovered("content-digest".into())));
	}

	#[test]
	fn stale_and_future_signatures_are_refused_and_a_fresh_one_names_its_nonce() {
		let w = Window::default();
		let old = NOW - w.max_age - 1;
		assert_eq!(check("GET", b"", old, "a", |_| {}), Err(AuthError::Stale { created: old, now: NOW }));
		let ahead = NOW + w.max_skew + 1;
		assert_eq!(check("GET", b"", ahead, "b", |_| {}), Err(AuthError::FromTheFuture { created: ahead, now: NOW }));
		let fresh = check("GET", b"", NOW, "c", |_| {}).expect("verifies");
		assert_eq!((fresh.nonce.as_str(), fresh.nonce_until), ("c", NOW + w.max_age));
	}

	#[test]
	fn a_wallet_signature_over_the_wrapped_base_is_accepted() {
		// Browser wallets sign `<Bytes>…</Bytes>`; rebuild the signature that way.
		let none = |_: &str| None;
		let req = Request { method: "GET", path: "/fhir/Binary/7", query: "", headers: &none, body: b"" };
		let mut headers = sign(&pharmacist(), &req, None, NOW, "w");
		let input = headers
			.iter()
			.find(|(n, _)| *n == "signature-input")
			.map(|(_, v)| v.clone())
			.unwrap_or_default();
		let params = input.trim_start_matches("hc=").to_owned();
		let base =
			format!("\"@method\": GET\n\"@path\": /fhir/Binary/7\n\"@query\": ?\n\"@signature-params\": {params}");
		let sig = pharmacist().sign(format!("<Bytes>{base}</Bytes>").as_bytes());
		set(&mut headers, "signature", format!("hc=:{}:", B64.encode(sig.0)));
		let lookup = move |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
		let v = verify(&Request { headers: &lookup, ..req }, NOW, Window::default());
		assert_eq!(v.map(|v| v.purpose), Ok(None));
	}
}
