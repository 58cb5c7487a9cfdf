//! Runs every precompile vector through the SBF probe in LiteSVM and compares status, gas
//! and output with the native build; prints the compute units. Build the probe first (run.sh).

use sealevm_precompiles::{run, PrecompileError, SpecId};
use sealevm_tests::sbf::{Budget, SbfProgram};

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn native(n: u8, input: &[u8]) -> Vec<u8> {
    let mut addr = [0u8; 20];
    addr[19] = n;
    let mut out = Vec::new();
    match run(&addr, input, 100_000_000, SpecId::Cancun) {
        Ok(o) => {
            out.push(0);
            out.extend_from_slice(&o.gas_used.to_le_bytes());
            out.extend_from_slice(&o.output);
        }
        Err(e) => out.push(match e {
            PrecompileError::OutOfGas => 1,
            PrecompileError::InvalidInput => 2,
            PrecompileError::Unsupported => 3,
        }),
    }
    out
}

const G1: &str = "0000000000000000000000000000000000000000000000000000000000000001 0000000000000000000000000000000000000000000000000000000000000002";
const NEG_G1: &str = "0000000000000000000000000000000000000000000000000000000000000001 30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45";
const G1_X2: &str = "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3 15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4";
const G2: &str = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2 1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed 090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b 12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
const G2_OFF: &str = "0000000000000000000000000000000000000000000000000000000000000001 0000000000000000000000000000000000000000000000000000000000000002 2b76c179599bb92a963dac85546a005a777f7c13f6a7b75d5918b6b5808f5fde 101f7278419308b95099eca02dcee0c5381f4d26d1d62313f057167f064101ce";

fn cat(parts: &[&str]) -> Vec<u8> {
    parts.iter().flat_map(|p| hex(p)).collect()
}

fn header(b: u64, e: u64, m: u64) -> Vec<u8> {
    let mut h = vec![0u8; 96];
    h[24..32].copy_from_slice(&b.to_be_bytes());
    h[56..64].copy_from_slice(&e.to_be_bytes());
    h[88..96].copy_from_slice(&m.to_be_bytes());
    h
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn sbf_matches_native() {
    let mut program =
        SbfProgram::load("sealevm_precompiles_sbf_probe").unwrap_or_else(|e| panic!("{e}"));
    let mut cases: Vec<(&str, u8, Vec<u8>)> = vec![];
    // ecrecover
    let geth = hex("38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e000000000000000000000000000000000000000000000000000000000000001b38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e789d1dd423d25f0772d2748d60f7e4b81bb14d086eba8e8e8efb6dcff8a4ae02");
    cases.push(("ecrecover geth", 1, geth.clone()));
    let mut high_s = hex("e021905002f4d39f01fa122c7e6771cde53c6722fdfe7c40ce5b87ac215c1125");
    high_s.extend(hex(
        "000000000000000000000000000000000000000000000000000000000000001c",
    ));
    high_s.extend(hex(
        "9377c312145a5afb911bf9e8c067bcf6094c533603687850df502b61290bbf5e",
    ));
    high_s.extend(hex(
        "9a10a45905147afe021e11344e74064cabece6df727b82be73bded04dfc3f5ec",
    ));
    cases.push(("ecrecover high s", 1, high_s.clone()));
    let mut bad_v = geth.clone();
    bad_v[63] = 29;
    cases.push(("ecrecover bad v", 1, bad_v));
    let mut zero_r = geth.clone();
    zero_r[64..96].fill(0);
    cases.push(("ecrecover r=0", 1, zero_r));
    let mut not_on_curve = geth.clone();
    not_on_curve[64..96].copy_from_slice(&hex(
        "0000000000000000000000000000000000000000000000000000000000000005",
    ));
    cases.push(("ecrecover r=5 (x=5 not on curve)", 1, not_on_curve));
    cases.push(("ecrecover empty", 1, vec![]));
    // hashes, identity
    for (n, name) in [(2u8, "sha256"), (3, "ripemd160"), (4, "identity")] {
        for len in [0usize, 3, 32, 33, 200] {
            cases.push((name, n, vec![0x61; len]));
        }
    }
    // modexp
    let mut i = header(1, 32, 32);
    i.push(3);
    i.extend(hex(
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e",
    ));
    i.extend(hex(
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
    ));
    cases.push(("modexp eip198 1", 5, i));
    cases.push(("modexp empty", 5, vec![]));
    let mut i = header(64, 1, 64);
    i.extend(hex("e09ad9675465c53a109fac66a445c91b292d2bb2c5268addb30cd82f80fcb0033ff97c80a5fc6f39193ae969c6ede6710a6b7ac27078a06d90ef1c72e5c85fb5"));
    i.push(3);
    i.extend(hex("fc9e1f6beb81516545975218075ec2af118cd8798df6e08a147c60fd6095ac2bb02c2908cf4dd7c81f11c289e4bce98f3553768f392a80ce22bf5c4f4a248c6b"));
    cases.push(("modexp nagydani-1-qube", 5, i));
    let mut huge = vec![0u8; 32];
    huge.extend([0xff; 64]);
    cases.push(("modexp huge lengths", 5, huge));
    let mut rng = Rng(99);
    for k in 0..4 {
        let (b, e, m) = [(5, 3, 7), (40, 8, 33), (128, 3, 128), (1, 32, 32)][k];
        let mut i = header(b as u64, e as u64, m as u64);
        i.extend(rng.bytes(b + e + m));
        cases.push(("modexp random", 5, i));
    }
    // bn254
    cases.push(("bn add 2G", 6, cat(&[G1, G1])));
    cases.push(("bn add inf", 6, cat(&[G1, NEG_G1])));
    cases.push(("bn add empty", 6, vec![]));
    cases.push(("bn add short", 6, hex(G1)));
    let mut bad = cat(&[G1, G1]);
    bad[63] = 1;
    cases.push(("bn add off curve", 6, bad));
    let mut big = cat(&[G1, G1]);
    big[..32].copy_from_slice(&hex(
        "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47",
    ));
    cases.push(("bn add x=p", 6, big));
    let mut long = cat(&[G1, G1]);
    long.extend([0xff; 40]);
    cases.push(("bn add long", 6, long));
    cases.push((
        "bn mul 2",
        7,
        cat(&[
            G1,
            "0000000000000000000000000000000000000000000000000000000000000002",
        ]),
    ));
    cases.push((
        "bn mul max",
        7,
        cat(&[
            G1,
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ]),
    ));
    cases.push(("bn mul short", 7, hex(G1)));
    cases.push((
        "bn mul long",
        7,
        cat(&[
            G1_X2,
            "0000000000000000000000000000000000000000000000000000000000000003",
            "ff",
        ]),
    ));
    cases.push(("bn pair empty", 8, vec![]));
    cases.push(("bn pair true", 8, cat(&[G1, G2, NEG_G1, G2])));
    cases.push(("bn pair false", 8, cat(&[G1, G2])));
    cases.push((
        "bn pair 3 true",
        8,
        cat(&[G1_X2, G2, NEG_G1, G2, NEG_G1, G2]),
    ));
    cases.push(("bn pair g2 off subgroup", 8, cat(&[G1, G2_OFF])));
    cases.push(("bn pair inf", 8, cat(&[&"00".repeat(64), G2])));
    cases.push(("bn pair bad len", 8, cat(&[G1, G2])[..191].to_vec()));
    // blake2f
    let mut b2 = vec![0, 0, 0, 12];
    b2.extend(hex("48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b616263"));
    b2.extend(vec![0u8; 125]);
    b2.extend(hex("0300000000000000000000000000000001"));
    cases.push(("blake2f", 9, b2.clone()));
    let mut b2bad = b2.clone();
    b2bad[212] = 2;
    cases.push(("blake2f bad flag", 9, b2bad));
    cases.push(("kzg", 10, vec![1, 2, 3]));

    for (name, n, input) in cases {
        let mut data = vec![n];
        data.extend_from_slice(&input);
        let inv = program
            .invoke(&data, vec![], Budget::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = native(n, &input);
        assert_eq!(inv.return_data, expected, "{name}");
        println!(
            "{name}: {} CU, status {}, {} output bytes",
            inv.compute_units,
            expected[0],
            expected.len().saturating_sub(9)
        );
    }
}
