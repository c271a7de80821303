//! The documented normalisation of a `Consent`: what a round trip through the chain keeps, as a
//! JSON-to-JSON projection (see the crate docs).

use super::*;

fn reference_only(r: &Value) -> Value {
	json!({"reference": r.get("reference").cloned().unwrap_or(Value::Null)})
}

fn canonical_policy(uri: &str) -> String {
	if uri.starts_with(POLICY_URN) {
		uri.to_string()
	} else {
		format!("{POLICY_URN}0x{}", hex_of(&H256(polkadot_sdk::sp_crypto_hashing::blake2_256(uri.as_bytes()))))
	}
}

fn dedup(items: Vec<Value>) -> Vec<Value> {
	let mut out = Vec::new();
	for i in items {
		push_unique(&mut out, i);
	}
	out
}

fn round_period(p: &Value, clock: &Clock) -> Value {
	let mut o = Map::new();
	if let Some(Ok(s)) = str_of(p, "start").map(|s| parse_instant(s, false)) {
		o.insert("start".into(), json!(format_instant(clock.to_unix(clock.to_block(s)))));
	}
	if let Some(Ok(e)) = str_of(p, "end").map(|s| parse_instant(s, true)) {
		let end = clock.to_block(e).saturating_add(1);
		o.insert("end".into(), json!(format_instant_as(clock.to_unix(end).saturating_sub(1), true)));
	}
	Value::Object(o)
}

fn role_of(a: &Value) -> String {
	let role = a
		.get("role")
		.map(codings)
		.unwrap_or_default()
		.first()
		.and_then(|c| str_of(c, "code"))
		.unwrap_or_default()
		.to_string();
	match role.as_str() {
		"GRANTEE" | "DELEGATEE" => "PRCP".into(),
		_ => role,
	}
}

fn provision(p: &Value, clock: &Clock, root: bool, r4: bool, decision: Option<&str>) -> Map<String, Value> {
	let mut m = Map::new();
	if let Some(d) = decision {
		m.insert("type".into(), json!(d));
	}
	if let Some(period) = p.get("period") {
		m.insert("period".into(), round_period(period, clock));
	}
	let actors = arr(p, "actor");
	let mut ordered = Vec::new();
	for wanted in ["PRCP", "IRCP"] {
		for a in actors.iter().filter(|a| role_of(a) == wanted) {
			ordered.push(a);
		}
	}
	ordered.extend(actors.iter().filter(|a| matches!(role_of(a).as_str(), "CST" | "AUT")));
	if !ordered.is_empty() {
		m.insert(
			"actor".into(),
			ordered
				.iter()
				.map(|a| json!({"role": {"coding": [{"system": PARTICIPATION_SYSTEM, "code": role_of(a)}]}, "reference": reference_only(a.get("reference").unwrap_or(&Value::Null))}))
				.collect(),
		);
	}
	let codes: Vec<&str> = arr(p, "action")
		.iter()
		.flat_map(codings)
		.filter_map(|c| str_of(c, "code"))
		.collect();
	let actions: Vec<Value> = ConsentAction::ALL
		.iter()
		.filter(|a| codes.contains(&action_code(**a)))
		.map(|a| json!({"coding": [{"system": ACTION_SYSTEM, "code": action_code(*a)}]}))
		.collect();
	// No actions, or all of them at the root, is what an absent `action` says.
	if !(actions.is_empty() || (root && actions.len() == ConsentAction::ALL.len())) {
		m.insert("action".into(), Value::Array(actions));
	}
	let labels = dedup(
		arr(p, "securityLabel")
			.iter()
			.filter_map(|l| label_from_coding(l).ok())
			.map(|l| label_coding(&l))
			.collect(),
	);
	if !labels.is_empty() {
		m.insert("securityLabel".into(), Value::Array(labels));
	}
	let purposes = dedup(
		arr(p, "purpose")
			.iter()
			.filter_map(|c| purpose_from_coding(c).ok())
			.map(|x| purpose_coding(&x))
			.collect(),
	);
	if !purposes.is_empty() {
		m.insert("purpose".into(), Value::Array(purposes));
	}
	let mut types = Vec::new();
	let mut categories = Vec::new();
	for key in ["class", "resourceType"] {
		for c in arr(p, key) {
			match resource_type_from_coding(c) {
				Ok(t) => types.push(resource_type_coding(&t)),
				Err(_) => {
					if let Ok(cat) = category_from_coding(c) {
						categories.push(json!({"coding": [category_coding(cat)]}));
					}
				},
			}
		}
	}
	for key in ["code", "documentType"] {
		for cc in arr(p, key) {
			for c in codings(cc) {
				if let Ok(cat) = category_from_coding(c) {
					categories.push(json!({"coding": [category_coding(cat)]}));
				}
			}
		}
	}
	let types = dedup(types);
	if !types.is_empty() {
		m.insert(if r4 { "class" } else { "resourceType" }.into(), Value::Array(types));
	}
	let categories = dedup(categories);
	if !categories.is_empty() {
		m.insert("code".into(), Value::Array(categories));
	}
	if let Some(dp) = p.get("dataPeriod") {
		let mut o = Map::new();
		if let Some(Ok(s)) = str_of(dp, "start").map(|s| parse_instant(s, false)) {
			o.insert("start".into(), json!(format_instant(s)));
		}
		if let Some(Ok(e)) = str_of(dp, "end").map(|s| parse_instant(s, true)) {
			o.insert("end".into(), json!(format_instant_as(e, true)));
		}
		m.insert("dataPeriod".into(), Value::Object(o));
	}
	let data: Vec<Value> = arr(p, "data")
		.iter()
		.map(
			|d| json!({"meaning": "instance", "reference": reference_only(d.get("reference").unwrap_or(&Value::Null))}),
		)
		.collect();
	if !data.is_empty() {
		m.insert("data".into(), Value::Array(data));
	}
	let kids: Vec<Value> = arr(p, "provision")
		.iter()
		.map(|k| Value::Object(provision(k, clock, false, r4, if r4 { str_of(k, "type") } else { None })))
		.collect();
	if !kids.is_empty() {
		m.insert("provision".into(), Value::Array(kids));
	}
	m
}

/// The projection of a FHIR `Consent` onto what the chain keeps, written as [`export`] writes it:
/// a consent that imports, exported again, equals its normalisation.
pub fn normalise(v: &Value, clock: &Clock) -> Value {
	let version = Version::detect(v);
	let mut out = Map::new();
	out.insert("resourceType".into(), json!("Consent"));
	out.insert("status".into(), v.get("status").cloned().unwrap_or(Value::Null));
	if arr(v, "extension")
		.iter()
		.any(|e| str_of(e, "url") == Some(EMERGENCY_EXTENSION) && str_of(e, "valueCode") == Some("refused"))
	{
		out.insert("extension".into(), json!([{"url": EMERGENCY_EXTENSION, "valueCode": "refused"}]));
	}
	out.insert("category".into(), json!([{"coding": [{"system": LOINC_SYSTEM, "code": "59284-0"}]}]));
	match version {
		Version::R4 => {
			out.insert(
				"scope".into(),
				json!({"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]}),
			);
			out.insert("patient".into(), reference_only(v.get("patient").unwrap_or(&Value::Null)));
			if let Some(uri) = arr(v, "policy").first().and_then(|p| str_of(p, "uri")) {
				out.insert("policy".into(), json!([{"uri": canonical_policy(uri)}]));
			}
			let root = v.get("provision").cloned().unwrap_or(json!({}));
			let rule = v
				.get("policyRule")
				.map(codings)
				.unwrap_or_default()
				.iter()
				.find_map(|c| str_of(c, "code"))
				.map(str::to_string);
			let decision = str_of(&root, "type").map(str::to_string).unwrap_or_else(|| {
				if rule.as_deref() == Some("OPTOUT") {
					"deny".into()
				} else {
					"permit".into()
				}
			});
			out.insert(
				"policyRule".into(),
				json!({"coding": [{"system": ACTCODE_SYSTEM, "code": if decision == "permit" { "OPTIN" } else { "OPTOUT" }}]}),
			);
			out.insert("provision".into(), Value::Object(provision(&root, clock, true, true, Some(&decision))));
		},
		Version::R5 => {
			out.insert("subject".into(), reference_only(v.get("subject").unwrap_or(&Value::Null)));
			let grantees: Vec<Value> = arr(v, "grantee").iter().map(reference_only).collect();
			if !grantees.is_empty() {
				out.insert("grantee".into(), Value::Array(grantees));
			}
			if let Some(uri) = v.get("policyBasis").and_then(|p| str_of(p, "uri")) {
				out.insert("policyBasis".into(), json!({"uri": canonical_policy(uri)}));
			}
			out.insert("decision".into(), json!(str_of(v, "decision").unwrap_or("permit")));
			let kids: Vec<Value> = arr(v, "provision")
				.iter()
				.map(|k| Value::Object(provision(k, clock, false, false, None)))
				.collect();
			if !kids.is_empty() {
				out.insert("provision".into(), Value::Array(kids));
			}
		},
	}
	Value::Object(out)
}
