// Which kindest/node image kubedrill asks kind for. A node image is built for one kind release
// ("please use these exact images … including the digest", kind's release notes): pinning the
// digest per kind version keeps every learner with the same kind on the same Kubernetes build,
// even if a tag is pushed again.

/**
 * The default node image of each kind release kubedrill supports (kind ≥ 0.24), by digest.
 * Facts: `pkg/apis/config/defaults/image.go` at each release tag of
 * github.com/kubernetes-sigs/kind (the image a release uses when no `--image` is given; the
 * release notes' "default node image" line names the same reference). Note v0.28 and v0.29 both
 * default to v1.33.1 but with different digests: the image was rebuilt for v0.29.
 * A new kind release: add its line from that file, then run `npm run test:live` with it.
 */
export const KIND_NODE_IMAGES: Readonly<Record<string, string>> = {
  '0.24.0': 'kindest/node:v1.31.0@sha256:53df588e04085fd41ae12de0c3fe4c72f7013bba32a20e7325357a1ac94ba865',
  '0.25.0': 'kindest/node:v1.31.2@sha256:18fbefc20a7113353c7b75b5c869d7145a6abd6269154825872dc59c1329912e',
  '0.26.0': 'kindest/node:v1.32.0@sha256:c48c62eac5da28cdadcf560d1d8616cfa6783b58f0d94cf63ad1bf49600cb027',
  '0.27.0': 'kindest/node:v1.32.2@sha256:f226345927d7e348497136874b6d207e0b32cc52154ad8323129352923a3142f',
  '0.28.0': 'kindest/node:v1.33.1@sha256:8d866994839cd096b3590681c55a6fa4a071fdaf33be7b9660e5697d2ed13002',
  '0.29.0': 'kindest/node:v1.33.1@sha256:050072256b9a903bd914c0b2866828150cb229cea0efe5892e2b644d5dd3b34f',
  '0.30.0': 'kindest/node:v1.34.0@sha256:7416a61b42b1662ca6ca89f02028ac133a309a2a30ba309614e8ec94d976dc5a',
  '0.31.0': 'kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f',
  '0.32.0': 'kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5',
};

const versions = Object.keys(KIND_NODE_IMAGES);
const TABLE_RANGE = `${versions[0]?.replace(/\.0$/, '') ?? '?'}–${versions.at(-1)?.replace(/\.0$/, '') ?? '?'}`;

/** The image a cluster is created with, and why that one. */
export interface NodeImageChoice {
  /** What `kind create cluster --image` gets; undefined: no `--image`, kind's own default. */
  image?: string;
  source: 'learner' | 'pinned' | 'kind-default';
  /** One line for progress output and doctor. */
  note: string;
}

/**
 * Chooses the node image for `kind version` output like `kind v0.27.0 go1.23.4 linux/amd64`:
 * the learner's `--image` wins, else the pinned image of that exact kind release, else kind's
 * default. Pre-releases (`v0.33.0-alpha+…`) and unknown releases get kind's default, because a
 * pinned image of another release may not boot with them.
 */
export function chooseNodeImage(kindVersionText: string | undefined, override?: string): NodeImageChoice {
  if (override) return { image: override, source: 'learner', note: `node image ${override} (your --image)` };
  const match = /\bv(\d+\.\d+\.\d+)(-[0-9A-Za-z.+-]+)?/.exec(kindVersionText ?? '');
  const version = match?.[1];
  const pinned = version && !match[2] ? KIND_NODE_IMAGES[version] : undefined;
  if (pinned) return { image: pinned, source: 'pinned', note: `node image ${pinned} (pinned for kind ${version})` };
  const which = version ? `kind ${version}${match[2] ?? ''}` : 'this kind version';
  return { source: 'kind-default', note: `kind's default node image: ${which} is not in kubedrill's table of pinned images (kind ${TABLE_RANGE})` };
}

/** The Kubernetes minor of an image reference (`kindest/node:v1.32.2@sha256:…` → 32). */
export function imageKubernetesMinor(image: string | undefined): number | undefined {
  const minor = /:v1\.(\d+)\./.exec(image ?? '')?.[1];
  return minor === undefined ? undefined : Number(minor);
}
