//! No personal data on chain: what a patient's wallet knows (identifier, salt) never appears in
//! storage or events, only the commitment does.

use super::*;

fn storage_contains(needle: &[u8]) -> bool {
	let mut key = polkadot_sdk::sp_io::storage::next_key(&[]);
	while let Some(k) = key {
		let v = polkadot_sdk::sp_io::storage::get(&k).map(|b| b.to_vec()).unwrap_or_default();
		if k.windows(needle.len()).any(|w| w == needle) || v.windows(needle.len()).any(|w| w == needle) {
			return true;
		}
		key = polkadot_sdk::sp_io::storage::next_key(&k);
	}
	false
}

#[test]
fn identifier_and_salt_never_reach_storage_or_events() {
	test(|| {
		let identifier = "NHS-943-476-5919";
		let c = register(&pat(), identifier);
		add_guardian(&pat(), &sam());
		assert!(!storage_contains(identifier.as_bytes()));
		assert!(!storage_contains(&[7u8; 32]), "salt leaked");
		assert!(storage_contains(c.as_bytes()), "the commitment is what is stored");
		for record in System::events() {
			let bytes = record.event.encode();
			assert!(!bytes.windows(identifier.len()).any(|w| w == identifier.as_bytes()));
		}
	});
}

#[test]
fn calls_carry_only_fixed_size_values() {
	// Every argument of every call is an account, a 32-byte value, a code, a set of codes or a
	// number: no call accepts free-form bytes in which personal data could be smuggled.
	let ty = scale_info::meta_type::<crate::Call<Test>>();
	let mut registry = scale_info::Registry::new();
	let id = registry.register_type(&ty);
	let portable: scale_info::PortableRegistry = registry.into();
	let call = portable.resolve(id.id).expect("call type registered");
	if let scale_info::TypeDef::Variant(v) = &call.type_def {
		assert_eq!(v.variants.len(), 14, "every call is checked");
		for variant in &v.variants {
			for field in &variant.fields {
				let t = portable.resolve(field.ty.id).expect("field type");
				let codes = |s: &scale_info::TypeDefSequence<scale_info::form::PortableForm>| match portable
					.resolve(s.type_param.id)
				{
					Some(scale_info::Type { type_def: scale_info::TypeDef::Variant(v), .. }) => {
						v.variants.iter().all(|code| code.fields.is_empty())
					},
					_ => false,
				};
				let is_bytes = matches!(&t.type_def, scale_info::TypeDef::Sequence(s) if !codes(s));
				assert!(!is_bytes, "{}::{:?} takes a variable-length sequence", variant.name, field.name);
			}
		}
	} else {
		panic!("Call is an enum");
	}
}
