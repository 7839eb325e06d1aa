import { gunzipSync } from 'node:zlib';
import type { K8sObject } from '../../src/models/index.js';

/*
 * How Helm 3 (and Helm 4, unchanged) stores a release in its default storage driver, the Secret
 * driver — read from Helm's source, pkg/storage/driver/secrets.go, util.go and pkg/storage/storage.go
 * (helm/helm v3.19.5, same on main):
 *
 *  - one Secret per revision, in the release's namespace, named `sh.helm.release.v1.<release>.v<revision>`
 *    (storage.makeKey: `HelmStorageType + "." + name + ".v" + version`);
 *  - `type: helm.sh/release.v1`;
 *  - labels `owner=helm`, `name=<release>`, `status=<info.status>`, `version=<revision>` (plus
 *    `createdAt`/`modifiedAt` Unix seconds, and any custom release labels); Helm itself finds a
 *    release's revisions by listing Secrets with the selector `owner=helm,name=<release>`;
 *  - `data.release`: encodeRelease() is `base64.StdEncoding(gzip(json.Marshal(release)))` with
 *    gzip.BestCompression, and that base64 *text* is the Secret's `[]byte` value — which the API
 *    serves base64-encoded once more. So the JSON is base64 → base64 → gunzip. decodeRelease()
 *    skips gunzip when the bytes do not start with the gzip magic 1f 8b 08 (releases stored by
 *    early Helm 3 betas, before compression), and so does this decoder.
 *
 * The release JSON (pkg/release/release.go): `name`, `info` {`status` (deployed, failed,
 * superseded, uninstalled, uninstalling, pending-install, pending-upgrade, pending-rollback,
 * unknown), `description`, `first_deployed`, `last_deployed`, `notes`}, `chart` {`metadata`
 * {`name`, `version`, `appVersion`…}, `values` (the chart's values.yaml defaults), `templates`…},
 * `config` (only the values the user supplied: -f/--set; omitted when none), `manifest`,
 * `version` (the revision), `namespace`. Subcharts are not serialised (unexported field), so
 * their defaults are not in the release.
 *
 * The ConfigMap driver (HELM_DRIVER=configmap) and the SQL driver are not read: kubedrill reads
 * releases where `helm` puts them by default.
 */

export const HELM_RELEASE_SECRET_TYPE = 'helm.sh/release.v1';
const SECRET_NAME = /^sh\.helm\.release\.v1\.(.+)\.v(\d+)$/;
const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/** `sh.helm.release.v1.<release>.v<revision>`, as Helm names the Secret of one revision. */
export const releaseSecretName = (release: string, revision: number): string => `sh.helm.release.v1.${release}.v${revision}`;

/** The release and revision a Secret's name stands for, when it is a Helm release Secret. */
export function releaseOfSecret(secret: K8sObject): { release: string; revision: number } | undefined {
  if (secret.type !== HELM_RELEASE_SECRET_TYPE) return undefined;
  const match = SECRET_NAME.exec(secret.metadata?.name ?? '');
  return match ? { release: match[1]!, revision: Number(match[2]) } : undefined;
}

/** The parts of Helm's release JSON that checks read. */
export interface HelmRelease {
  name?: string;
  namespace?: string;
  version?: number;
  info?: { status?: string; description?: string; first_deployed?: string; last_deployed?: string; notes?: string };
  chart?: { metadata?: { name?: string; version?: string; appVersion?: string }; values?: Record<string, unknown> | null };
  config?: Record<string, unknown> | null;
  manifest?: string;
}

/** Why a release Secret could not be read. */
export class HelmDecodeError extends Error {
  override readonly name = 'HelmDecodeError';
}

/** The release JSON from the value of `data.release` as the API serves it (base64 of Helm's base64 text). */
export function decodeReleaseData(apiValue: string): HelmRelease {
  const helmText = Buffer.from(apiValue, 'base64').toString('latin1');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(helmText.trim())) throw new HelmDecodeError('data.release is not base64 of base64 text, as Helm writes it');
  let bytes = Buffer.from(helmText, 'base64');
  if (bytes.length > 3 && GZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new HelmDecodeError(`data.release does not gunzip: ${(error as Error).message}`);
    }
  }
  let release: unknown;
  try {
    release = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new HelmDecodeError(`data.release is not a release in JSON: ${(error as Error).message}`);
  }
  if (release === null || typeof release !== 'object' || Array.isArray(release)) throw new HelmDecodeError('data.release is not a release object');
  return release as HelmRelease;
}

/** The decoded release of a Helm release Secret. */
export function decodeReleaseSecret(secret: K8sObject): HelmRelease {
  const data = secret.data as Record<string, unknown> | undefined;
  const value = data?.release;
  if (typeof value !== 'string') throw new HelmDecodeError(`${secret.metadata?.name ?? 'the Secret'} has no data.release`);
  return decodeReleaseData(value);
}

/**
 * Values as `helm get values --all` shows them: the chart's defaults with the user's values laid
 * over them (chartutil.CoalesceValues): maps merge key by key, anything else replaces, and a
 * user's `null` deletes the default.
 */
export function coalesceValues(defaults: unknown, user: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(defaults) || !isMap(user)) return user === undefined ? defaults : user;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(user)) {
    if (value === null) delete merged[key];
    else merged[key] = key in defaults ? coalesceValues(defaults[key], value) : value;
  }
  return merged;
}
