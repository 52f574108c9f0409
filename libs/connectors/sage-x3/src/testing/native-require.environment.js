// Jest (on Node < 24.9) cannot require ESM-only packages such as jose; this environment hands
// the code under test Node's own require, which loads them natively (require(esm)).
const { TestEnvironment } = require('jest-environment-node');

class NativeRequireEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__nativeRequire = require;
  }
}

module.exports = NativeRequireEnvironment;
