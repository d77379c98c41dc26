//! String interning: every distinct text value is stored once and referred to by a
//! [`Sym`], which keeps cells small and makes equality and regex classification a table
//! look-up.

use std::num::NonZeroU32;

use rustc_hash::FxHashMap;

/// A handle to an interned string. Never zero, so `Option<Sym>` is four bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(NonZeroU32);

impl Sym {
    /// The symbol of the `i`-th interned string.
    pub fn from_index(i: usize) -> Sym {
        let n = u32::try_from(i + 1).expect("fewer than 2^32 strings");
        Sym(NonZeroU32::new(n).expect("i + 1 is not zero"))
    }

    /// The position of the string in interning order (0-based).
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// The store of interned strings.
#[derive(Debug, Default)]
pub struct Interner {
    map: FxHashMap<Box<str>, Sym>,
    strings: Vec<Box<str>>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&sym) = self.map.get(s) {
            return sym;
        }
        let sym = Sym::from_index(self.strings.len());
        self.strings.push(s.into());
        self.map.insert(s.into(), sym);
        sym
    }

    /// The symbol of a string already interned, if it is.
    pub fn get(&self, s: &str) -> Option<Sym> {
        self.map.get(s).copied()
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        &self.strings[sym.index()]
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// Every interned string with its symbol, in interning order.
    pub fn iter(&self) -> impl Iterator<Item = (Sym, &str)> {
        self.strings
            .iter()
            .enumerate()
            .map(|(i, s)| (Sym::from_index(i), &**s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_twice_gives_the_same_symbol() {
        let mut i = Interner::default();
        let a = i.intern("Team A");
        let b = i.intern("Team B");
        assert_eq!(i.intern("Team A"), a);
        assert_ne!(a, b);
        assert_eq!(i.resolve(b), "Team B");
        assert_eq!(i.get("Team C"), None);
    }
}
