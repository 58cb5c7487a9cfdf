// Hardhat config for tools/compat/compat.js: one network, the sealevm node at $SEALEVM_URL.
module.exports = {
  networks: {
    sealevm: { url: process.env.SEALEVM_URL || "http://127.0.0.1:8545" },
  },
};
