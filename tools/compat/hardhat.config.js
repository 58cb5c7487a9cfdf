// Hardhat config for tools/compat/compat.js: one network, the sealevm node at $SEALEVM_URL.
module.exports = {
  // Hardhat writes its compile cache here; keep it out of the tree.
  paths: { cache: require("node:os").tmpdir() + "/sealevm-compat-hardhat-cache" },
  networks: {
    sealevm: { url: process.env.SEALEVM_URL || "http://127.0.0.1:8545" },
  },
};
