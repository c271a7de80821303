//! A set of codes of one vocabulary — the actions a consent provision covers, what a patient's
//! delegate may do — as clients read and write it: a list of code names (`["Access", "Use"]`,
//! metadata type `Vec<ConsentAction>`), never a bit mask to compute. On chain it is a mask over
//! the vocabulary's variants, so membership is one instruction and a code cannot repeat.

use codec::{Compact, Decode, DecodeWithMemTracking, Encode, Error, Input, MaxEncodedLen, Output};
use core::marker::PhantomData;
use scale_info::TypeInfo;

/// A vocabulary of at most 64 codes (every `code_enum!` of this crate).
pub trait Code: Copy + Encode + Decode + TypeInfo + MaxEncodedLen + 'static {
	/// Every code, in declaration order.
	const ALL: &'static [Self];
	/// The code's place in [`Code::ALL`].
	fn position(&self) -> u32;
}

/// A set of codes of the vocabulary `C`. SCALE: the codes as a `Vec<C>` in declaration order;
/// decoding refuses more codes than the vocabulary has and repeated codes.
pub struct CodeSet<C>(u64, PhantomData<C>);

impl<C: Code> CodeSet<C> {
	/// The set of `codes`.
	pub fn of(codes: &[C]) -> Self {
		Self(codes.iter().fold(0, |mask, c| mask | Self::bit(c)), PhantomData)
	}
	/// The set a bit mask names (bit `i`: the code at position `i`), as older storage kept it;
	/// bits beyond the vocabulary are dropped.
	pub fn from_mask(mask: u64) -> Self {
		Self(mask & Self::all().0, PhantomData)
	}
	/// Every code of the vocabulary.
	pub fn all() -> Self {
		Self::of(C::ALL)
	}
	/// Whether `code` is in the set.
	pub fn contains(&self, code: C) -> bool {
		self.0 & Self::bit(&code) != 0
	}
	/// Whether the set holds no code.
	pub fn is_empty(&self) -> bool {
		self.0 == 0
	}
	/// The codes in the set, in declaration order.
	pub fn iter(&self) -> impl Iterator<Item = C> + '_ {
		C::ALL.iter().copied().filter(|c| self.contains(*c))
	}
	fn bit(code: &C) -> u64 {
		1u64.checked_shl(code.position()).unwrap_or(0)
	}
}

impl<C> Clone for CodeSet<C> {
	fn clone(&self) -> Self {
		*self
	}
}
impl<C> Copy for CodeSet<C> {}
impl<C> PartialEq for CodeSet<C> {
	fn eq(&self, other: &Self) -> bool {
		self.0 == other.0
	}
}
impl<C> Eq for CodeSet<C> {}
impl<C> Default for CodeSet<C> {
	fn default() -> Self {
		Self(0, PhantomData)
	}
}
impl<C: Code + core::fmt::Debug> core::fmt::Debug for CodeSet<C> {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_set().entries(self.iter()).finish()
	}
}

impl<C: Code> Encode for CodeSet<C> {
	fn size_hint(&self) -> usize {
		1 + self.0.count_ones() as usize * C::max_encoded_len()
	}
	fn encode_to<O: Output + ?Sized>(&self, dest: &mut O) {
		Compact(self.0.count_ones()).encode_to(dest);
		self.iter().for_each(|c| c.encode_to(dest));
	}
}

impl<C: Code> Decode for CodeSet<C> {
	fn decode<I: Input>(input: &mut I) -> Result<Self, Error> {
		let len = Compact::<u32>::decode(input)?.0;
		if len as usize > C::ALL.len() {
			return Err("more codes than the vocabulary has".into());
		}
		let mut mask = 0;
		for _ in 0..len {
			let bit = Self::bit(&C::decode(input)?);
			if mask & bit != 0 {
				return Err("a code repeats".into());
			}
			mask |= bit;
		}
		Ok(Self(mask, PhantomData))
	}
}

impl<C: Code> DecodeWithMemTracking for CodeSet<C> {}

impl<C: Code> MaxEncodedLen for CodeSet<C> {
	fn max_encoded_len() -> usize {
		Compact(C::ALL.len() as u32)
			.encoded_size()
			.saturating_add(C::ALL.len().saturating_mul(C::max_encoded_len()))
	}
}

impl<C: Code> TypeInfo for CodeSet<C> {
	type Identity = alloc::vec::Vec<C>;
	fn type_info() -> scale_info::Type {
		alloc::vec::Vec::<C>::type_info()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::ConsentAction::{self, *};

	#[test]
	fn encodes_as_the_list_of_codes_in_declaration_order() {
		let set = CodeSet::of(&[Use, Store]);
		assert_eq!(set.encode(), vec![Store, Use].encode());
		assert_eq!(CodeSet::<ConsentAction>::decode(&mut &vec![Use, Store].encode()[..]), Ok(set));
		assert_eq!(CodeSet::<ConsentAction>::max_encoded_len(), 1 + ConsentAction::ALL.len());
		assert_eq!(format!("{set:?}"), "{Store, Use}");
	}

	#[test]
	fn decoding_refuses_repeats_and_overlong_lists() {
		assert!(CodeSet::<ConsentAction>::decode(&mut &vec![Use, Use].encode()[..]).is_err());
		assert!(CodeSet::<ConsentAction>::decode(&mut &vec![Use; 6].encode()[..]).is_err());
		assert!(CodeSet::<ConsentAction>::decode(&mut &[4u8, 9][..]).is_err());
	}

	#[test]
	fn membership() {
		let set = CodeSet::of(&[Access]);
		assert!(set.contains(Access) && !set.contains(Use) && !set.is_empty());
		assert!(CodeSet::<ConsentAction>::default().is_empty());
		assert_eq!(CodeSet::<ConsentAction>::all().iter().count(), ConsentAction::ALL.len());
	}
}
