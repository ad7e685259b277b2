// A certified OpenID provider (oidc-provider) for the test suite, on loopback only.
// Usage: node provider.mjs CONFIG.json, where the file holds
//   { "issuer", "port", "client": {client metadata}, "accounts": {id: claims}, "jwks": {keys} }
// and prints "ready" once it listens. Sign-in and consent use the package's development
// interactions (a plain form: any password), which is what a test needs and nothing more.
import { readFileSync } from "node:fs";
import Provider from "oidc-provider";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const provider = new Provider(config.issuer, {
  clients: [config.client],
  jwks: config.jwks,
  cookies: { keys: ["samverkan-test-only"] },
  scopes: ["openid", "email", "profile", "groups"],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["preferred_username", "name"],
    groups: ["groups"],
  },
  // Put the scopes' claims in the ID token, as Entra ID does with groups, rather than in
  // the userinfo response only.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = config.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});
provider.listen(config.port, "127.0.0.1", () => console.log("ready"));
