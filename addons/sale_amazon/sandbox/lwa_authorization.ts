/**
 * Amazon's website authorisation workflow as the sandbox plays it: the application registered with
 * Seller Central, the authorisation codes its consent page hands out, and the refresh tokens the
 * LWA token endpoint trades them for. As at Amazon, a code is good once, for five minutes, and only
 * for the client and redirect URI it was issued to; each authorisation gets its own refresh token.
 */
import * as crypto from 'node:crypto';
import type { Clock } from '../sp_api/clock';

/** The SP-API application sellers authorise (Seller Central "Develop Apps"). */
export interface SandboxApplication {
  /** Application id, the consent page's `application_id`. */
  id: string;
  /** OAuth redirect URIs registered with the application; the first is the default. */
  redirectUris: string[];
  /** A draft application is authorised only with `version=beta` (Amazon's error MD1000 otherwise). */
  draft: boolean;
}

/** Amazon's authorisation codes live five minutes (sandbox time). */
export const CODE_LIFETIME_MS = 5 * 60_000;

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  sellerId: string;
  expiresAt: number;
  used: boolean;
}

/** What the consent page was asked for, once checked. */
export interface ConsentRequest {
  state: string;
  redirectUri: string;
  version: string | undefined;
}

/** A refusal in LWA's error body: `{ error, error_description }`. */
export interface LwaRefusal {
  status: number;
  error: string;
  description: string;
}

export class LwaAuthorizations {
  private readonly codes = new Map<string, IssuedCode>();
  /** refresh token → the client it was issued to */
  private readonly refreshTokens = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    readonly application: SandboxApplication,
    private readonly client: { clientId: string; sellerId: string; refreshToken: string },
  ) {
    // The configured token stands for an authorisation made before the sandbox started (self-authorisation).
    this.refreshTokens.set(client.refreshToken, client.clientId);
  }

  /** Adds an OAuth redirect URI to the application's registration (the ERP's return route). */
  registerRedirectUri(uri: string): void {
    if (!/^https?:\/\/[^/]/.test(uri)) throw new Error(`a redirect URI must be an http(s) URL, got ${JSON.stringify(uri)}`);
    if (!this.application.redirectUris.includes(uri)) this.application.redirectUris.push(uri);
  }

  /** Checks the consent page's parameters; the error text (with Amazon's code) is shown to the seller. */
  checkConsent(params: URLSearchParams): ConsentRequest | { error: string } {
    const applicationId = params.get('application_id');
    if (applicationId !== this.application.id) return { error: `MD9100: no application with the id ${JSON.stringify(applicationId ?? '')} is registered.` };
    const version = params.get('version') ?? undefined;
    if (this.application.draft && version !== 'beta') return { error: 'MD1000: this application is a draft; add version=beta to the authorisation address to authorise it.' };
    const state = params.get('state');
    if (!state) return { error: 'The authorisation address has no state parameter.' };
    const asked = params.get('redirect_uri');
    const redirectUri = asked ?? this.application.redirectUris[0];
    if (!redirectUri) return { error: 'MD5101: the application has no OAuth redirect URI registered.' };
    if (!this.application.redirectUris.includes(redirectUri)) return { error: `MD5101: ${redirectUri} is not one of the application's registered OAuth redirect URIs.` };
    return { state, redirectUri, version };
  }

  /** The seller approved: where the browser goes next, with the state, the seller id and a fresh code. */
  approve(request: ConsentRequest): string {
    const code = `ANsandbox${crypto.randomBytes(15).toString('base64url')}`;
    this.codes.set(code, {
      clientId: this.client.clientId, redirectUri: request.redirectUri, sellerId: this.client.sellerId,
      expiresAt: this.clock.now() + CODE_LIFETIME_MS, used: false,
    });
    const target = new URL(request.redirectUri);
    target.searchParams.set('state', request.state);
    target.searchParams.set('selling_partner_id', this.client.sellerId);
    target.searchParams.set('spapi_oauth_code', code);
    return target.toString();
  }

  /** grant_type=authorization_code, after client authentication: the new refresh token, or LWA's refusal. */
  redeem(body: Record<string, string | undefined>): { refreshToken: string } | LwaRefusal {
    if (!body.code) return { status: 400, error: 'invalid_request', description: 'The request is missing a required parameter : code' };
    if (!body.redirect_uri) return { status: 400, error: 'invalid_request', description: 'The request is missing a required parameter : redirect_uri' };
    const issued = this.codes.get(body.code);
    const refuse = (why: string): LwaRefusal => ({ status: 400, error: 'invalid_grant', description: `The authorization code is invalid: ${why}` });
    if (!issued) return refuse('it was not issued by this server');
    if (issued.used) return refuse('it has already been used');
    if (this.clock.now() >= issued.expiresAt) return refuse('it has expired');
    if (issued.clientId !== body.client_id) return refuse('it was issued to another client');
    if (issued.redirectUri !== body.redirect_uri) return refuse('redirect_uri does not match the one of the authorization request');
    issued.used = true;
    const refreshToken = `Atzr|sandbox-${crypto.randomBytes(24).toString('base64url')}`;
    this.refreshTokens.set(refreshToken, issued.clientId);
    return { refreshToken };
  }

  /** grant_type=refresh_token: only a token this sandbox issued, to that client. */
  acceptsRefreshToken(token: string | undefined, clientId: string | undefined): boolean {
    return !!token && this.refreshTokens.get(token) === clientId;
  }
}
