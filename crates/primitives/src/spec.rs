//! Hard forks.

/// Ethereum hard forks in activation order (like revm's `SpecId`). Compare with `>=`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum SpecId {
    /// Frontier (2015).
    Frontier,
    /// Homestead.
    Homestead,
    /// Tangerine Whistle (EIP-150).
    Tangerine,
    /// Spurious Dragon (EIP-155/158).
    SpuriousDragon,
    /// Byzantium.
    Byzantium,
    /// Constantinople.
    Constantinople,
    /// Petersburg (Constantinople fix).
    Petersburg,
    /// Istanbul.
    Istanbul,
    /// Berlin.
    Berlin,
    /// London.
    London,
    /// The Merge (Paris).
    Merge,
    /// Shanghai.
    Shanghai,
    /// Cancun.
    Cancun,
    /// Prague.
    Prague,
    /// Osaka.
    Osaka,
}

impl SpecId {
    /// All forks, oldest first.
    pub const ALL: [SpecId; 15] = [
        SpecId::Frontier,
        SpecId::Homestead,
        SpecId::Tangerine,
        SpecId::SpuriousDragon,
        SpecId::Byzantium,
        SpecId::Constantinople,
        SpecId::Petersburg,
        SpecId::Istanbul,
        SpecId::Berlin,
        SpecId::London,
        SpecId::Merge,
        SpecId::Shanghai,
        SpecId::Cancun,
        SpecId::Prague,
        SpecId::Osaka,
    ];

    /// The newest fork this crate knows.
    pub const LATEST: SpecId = SpecId::Osaka;

    /// `self >= other`: whether the rules of `other` are active in `self`.
    #[inline(always)]
    pub fn is_enabled_in(self, other: SpecId) -> bool {
        self as u8 >= other as u8
    }

    /// Parses a fork name as used by the Ethereum test suites (case-insensitive):
    /// "Frontier", "Homestead", "EIP150"/"Tangerine"/"TangerineWhistle",
    /// "EIP158"/"SpuriousDragon", "Byzantium", "Constantinople",
    /// "ConstantinopleFix"/"Petersburg", "Istanbul", "Berlin", "London",
    /// "Merge"/"Paris", "Shanghai", "Cancun", "Prague", "Osaka".
    pub fn from_name(s: &str) -> Option<SpecId> {
        const NAMES: [(&str, SpecId); 21] = [
            ("Frontier", SpecId::Frontier),
            ("Homestead", SpecId::Homestead),
            ("Tangerine", SpecId::Tangerine),
            ("TangerineWhistle", SpecId::Tangerine),
            ("EIP150", SpecId::Tangerine),
            ("SpuriousDragon", SpecId::SpuriousDragon),
            ("EIP158", SpecId::SpuriousDragon),
            ("Byzantium", SpecId::Byzantium),
            ("Constantinople", SpecId::Constantinople),
            ("ConstantinopleFix", SpecId::Petersburg),
            ("Petersburg", SpecId::Petersburg),
            ("Istanbul", SpecId::Istanbul),
            ("Berlin", SpecId::Berlin),
            ("London", SpecId::London),
            ("Merge", SpecId::Merge),
            ("Paris", SpecId::Merge),
            ("Shanghai", SpecId::Shanghai),
            ("Cancun", SpecId::Cancun),
            ("Prague", SpecId::Prague),
            ("Osaka", SpecId::Osaka),
            ("Latest", SpecId::LATEST),
        ];
        let s = s.trim();
        NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(s))
            .map(|&(_, id)| id)
    }

    /// The canonical name of the fork (as in the Ethereum test suites).
    pub fn name(self) -> &'static str {
        match self {
            SpecId::Frontier => "Frontier",
            SpecId::Homestead => "Homestead",
            SpecId::Tangerine => "EIP150",
            SpecId::SpuriousDragon => "EIP158",
            SpecId::Byzantium => "Byzantium",
            SpecId::Constantinople => "Constantinople",
            SpecId::Petersburg => "ConstantinopleFix",
            SpecId::Istanbul => "Istanbul",
            SpecId::Berlin => "Berlin",
            SpecId::London => "London",
            SpecId::Merge => "Merge",
            SpecId::Shanghai => "Shanghai",
            SpecId::Cancun => "Cancun",
            SpecId::Prague => "Prague",
            SpecId::Osaka => "Osaka",
        }
    }
}
