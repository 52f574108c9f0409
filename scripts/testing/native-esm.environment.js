// Jest (on Node < 24.9) cannot require ESM-only packages (oidc-provider, jose, openid-client).
// This environment hands tests Node's own require, which loads them natively (require(esm)).
const { TestEnvironment } = require('jest-environment-node');

class NativeEsmEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__nativeRequire = require;
  }
}

module.exports = NativeEsmEnvironment;
