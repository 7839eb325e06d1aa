import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../src/models/index.js';
import { connectivityChecker } from './connectivity.js';
import { testContext } from './support/test-ports.js';

// Offline, connectivity is graded from the NetworkPolicy objects (checkers/support/netpol-model.ts):
// no pod exec happens, and each outcome names the policy and rule that decided it.
describe('connectivity offline: modelled from the NetworkPolicy objects', () => {
  const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  const bare = (namespace: string, name: string, labels: Record<string, string>, ports: { name?: string; containerPort: number; protocol?: string }[] = []): K8sObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name, image: 'busybox:1.36', ports }] },
  });
  const netpol = (namespace: string, name: string, spec: Record<string, unknown>): K8sObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec,
  });
  const grade = async (objects: K8sObject[], params: Record<string, unknown>) => {
    const ctx = testContext({ objects, offline: true });
    const outcome = await connectivityChecker.run(connectivityChecker.params.parse({ expect: 'allowed', ...params }), ctx);
    expect(ctx.calls.execInPod).toHaveLength(0);
    return outcome;
  };

  // cka/netpol-and-selector: the AND peer versus the OR near miss.
  const andWorld = (peers: unknown[]): K8sObject[] => [
    ns('prod', { name: 'prod' }),
    ns('staging', { name: 'staging' }),
    bare('prod', 'db', { role: 'db' }, [{ containerPort: 3306 }]),
    bare('prod', 'api', { name: 'api-pod' }),
    bare('prod', 'web', { name: 'web-pod' }),
    bare('staging', 'api', { name: 'api-pod' }),
    netpol('prod', 'db-policy', { podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: peers, ports: [{ protocol: 'TCP', port: 3306 }] }] }),
  ];
  const AND = [{ namespaceSelector: { matchLabels: { name: 'prod' } }, podSelector: { matchLabels: { name: 'api-pod' } } }];
  const OR = [{ namespaceSelector: { matchLabels: { name: 'prod' } } }, { podSelector: { matchLabels: { name: 'api-pod' } } }];
  const toDb = { to: { namespace: 'prod', pod: 'db', port: 3306 } };

  it('Given the AND peer, then prod/api is allowed with the admitting rule named', async () => {
    const outcome = await grade(andWorld(AND), { from: { namespace: 'prod', pod: 'api' }, ...toDb });

    expect(outcome).toEqual({
      status: 'passed',
      evidence: 'from prod/api to prod/db:3306 → allowed (modelled): no policy isolates api for egress; prod/db-policy ingress rule 1 admits it',
    });
  });

  it('Given the AND peer, then prod/web and staging/api are blocked, saying which policy isolates db', async () => {
    const web = await grade(andWorld(AND), { from: { namespace: 'prod', pod: 'web' }, ...toDb, expect: 'blocked' });
    const staging = await grade(andWorld(AND), { from: { namespace: 'staging', pod: 'api' }, ...toDb, expect: 'blocked' });

    expect(web).toEqual({ status: 'passed', evidence: 'from prod/web to prod/db:3306 → blocked (modelled): prod/db-policy isolates db for ingress; no ingress rule admits web:3306' });
    expect(staging.status).toBe('passed');
  });

  it('Given the OR near miss, then prod/web gets through (any pod in prod) and the blocked check fails; staging/api is still blocked', async () => {
    const outcome = await grade(andWorld(OR), { from: { namespace: 'prod', pod: 'web' }, ...toDb, expect: 'blocked' });
    const staging = await grade(andWorld(OR), { from: { namespace: 'staging', pod: 'api' }, ...toDb, expect: 'blocked' });

    expect(staging.status).toBe('passed');
    expect(outcome).toMatchObject({ status: 'failed', expected: 'from prod/web to prod/db:3306: blocked (no connection)' });
    expect(outcome.status === 'failed' && outcome.actual).toMatch(/→ allowed \(modelled\): .*prod\/db-policy ingress rule 1 admits it$/);
    // Which policy let it through is the learner's own cluster: the summary keeps it.
    expect(outcome.status === 'failed' && outcome.summary).toMatch(/→ allowed \(modelled\): .*prod\/db-policy ingress rule 1 admits it — not what the task asks$/);
  });

  // cks/netpol-default-deny-dns: the probe to a name needs DNS (UDP 53) first, then TCP 53.
  const denyAll = netpol('prod', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  const allowDns = (ports: unknown[]): K8sObject => netpol('prod', 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports }] });
  const dnsWorld = (...policies: K8sObject[]): K8sObject[] => [ns('prod'), bare('prod', 'frontend', { app: 'frontend' }), bare('prod', 'backend', { app: 'backend' }, [{ containerPort: 80 }]), ...policies];
  const toDns = { from: { namespace: 'prod', pod: 'frontend' }, to: { host: 'kube-dns.kube-system.svc.cluster.local', port: 53 } };

  it('Given default deny plus DNS egress on UDP and TCP 53, then pod to pod is blocked and the kube-dns name answers', async () => {
    const both = [allowDns([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }])];
    const pod2pod = await grade(dnsWorld(denyAll, ...both), { from: { namespace: 'prod', pod: 'frontend' }, to: { pod: 'backend', port: 80 }, expect: 'blocked' });
    const dns = await grade(dnsWorld(denyAll, ...both), toDns);

    expect(pod2pod.status === 'passed' && pod2pod.evidence).toBe(
      'from prod/frontend to prod/backend:80 → blocked (modelled): prod/allow-dns, prod/default-deny isolate frontend for egress; no egress rule admits backend:80; prod/default-deny isolates backend for ingress; no ingress rule admits frontend:80',
    );
    expect(dns).toEqual({
      status: 'passed',
      evidence: 'from prod/frontend to kube-dns.kube-system.svc.cluster.local:53 → allowed (modelled): prod/allow-dns egress rule 1 admits it; no policy isolates coredns (kube-dns) for ingress',
    });
  });

  it('Given DNS over UDP only, then the name resolves but the TCP connection to port 53 is blocked', async () => {
    const outcome = await grade(dnsWorld(denyAll, allowDns([{ port: 53, protocol: 'UDP' }])), toDns);

    expect(outcome.status === 'failed' && outcome.actual).toBe(
      'from prod/frontend to kube-dns.kube-system.svc.cluster.local:53 → blocked (modelled): prod/allow-dns, prod/default-deny isolate frontend for egress; no egress rule admits kube-system/coredns (kube-dns):53',
    );
  });

  it('Given default deny without DNS, then a name cannot even be resolved', async () => {
    const outcome = await grade(dnsWorld(denyAll), toDns);

    expect(outcome.status === 'failed' && outcome.actual).toMatch(/→ blocked \(modelled\): the name cannot be resolved: prod\/default-deny isolates frontend for egress; no egress rule admits kube-system\/coredns \(kube-dns\):53\/UDP$/);
  });

  it('Given a policy admitting DNS by namespace and pod labels, then kube-system matches by kubernetes.io/metadata.name though absent from the workspace', async () => {
    const dnsByLabels = netpol('prod', 'allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ port: 'dns', protocol: 'UDP' }, { port: 'dns-tcp', protocol: 'TCP' }],
        },
      ],
    });

    expect((await grade(dnsWorld(denyAll, dnsByLabels), toDns)).status).toBe('passed');
  });

  // A Service is dialled by ClusterIP (no DNS); its endpoints are the pods it selects, on the targetPort.
  const shop = (selector: Record<string, string>, targetPort: number | string = 'http'): K8sObject[] => [
    ns('shop'),
    bare('shop', 'client', { run: 'client' }),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web-frontend' } },
        template: { metadata: { labels: { app: 'web-frontend' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-service', namespace: 'shop' }, spec: { selector, ports: [{ name: 'http', port: 80, targetPort }] } },
    netpol('shop', 'web-8080', { podSelector: { matchLabels: { app: 'web-frontend' } }, ingress: [{ ports: [{ port: 8080 }] }] }),
    netpol('shop', 'client-no-dns', { podSelector: { matchLabels: { run: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }] }),
  ];
  const toSvc = { from: { namespace: 'shop', pod: 'client' }, to: { service: 'web-service', port: 80 } };

  it('Given a Service on a named targetPort backed by a Deployment offline, then it connects to the pods on 8080 without needing DNS', async () => {
    const outcome = await grade(shop({ app: 'web-frontend' }), toSvc);

    expect(outcome).toEqual({
      status: 'passed',
      evidence: 'from shop/client to web-service.shop:80 → allowed (modelled): shop/client-no-dns egress rule 1 admits it; shop/web-8080 ingress rule 1 admits it',
    });
  });

  it('Given the targetPort maps to a port the ingress rule does not admit, then it is blocked', async () => {
    const outcome = await grade(shop({ app: 'web-frontend' }, 80), { ...toSvc, expect: 'blocked' });

    expect(outcome.status).toBe('passed');
  });

  it('Given a Service that selects no pods, then there is no connection: failed whichever way is expected', async () => {
    const allowed = await grade(shop({ app: 'webfrontend' }), toSvc);
    const blocked = await grade(shop({ app: 'webfrontend' }), { ...toSvc, expect: 'blocked' });

    expect(allowed.status === 'failed' && allowed.actual).toBe(
      'from shop/client to web-service.shop:80 → no connection (modelled): service web-service.shop selects no pods, so it has no endpoints: a connection is refused, not blocked by a policy',
    );
    expect(blocked).toMatchObject({ status: 'failed', hint: 'A refused connection is not a blocked one: no policy would drop these packets.' });
    expect(blocked.status === 'failed' && blocked.summary).toMatch(/not what the task asks\. A refused connection is not a blocked one/);
  });

  it('Given a Service port that does not exist, then there is no connection', async () => {
    const outcome = await grade(shop({ app: 'web-frontend' }), { ...toSvc, to: { service: 'web-service', port: 8080 } });

    expect(outcome.status === 'failed' && outcome.actual).toMatch(/has no TCP port 8080 \(its ports: 80\/TCP\)$/);
  });

  it('Given a Service whose endpoints are admitted unevenly, then neither answer holds every time', async () => {
    const objects = [
      ns('prod'),
      bare('prod', 'api', { app: 'api' }),
      bare('prod', 'db-a', { role: 'db', zone: 'a' }),
      bare('prod', 'db-b', { role: 'db', zone: 'b' }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'prod' }, spec: { selector: { role: 'db' }, ports: [{ port: 3306 }] } },
      netpol('prod', 'only-a', { podSelector: { matchLabels: { zone: 'b' } }, policyTypes: ['Ingress'] }),
    ];

    const outcome = await grade(objects, { from: { namespace: 'prod', pod: 'api' }, to: { service: 'db', port: 3306 } });

    expect(outcome.status === 'failed' && outcome.actual).toBe(
      'from prod/api to db.prod:3306 → mixed (modelled): allowed to db-a but blocked to db-b:3306: prod/only-a isolates db-b for ingress; no ingress rule admits api:3306: a new connection\'s fate depends on the endpoint it lands on',
    );
  });

  it('Given a StatefulSet pod name through its headless Service, then the StatefulSet stands for prometheus-0', async () => {
    const sts = (serviceHeadless: boolean): K8sObject[] => [
      ns('metrics'),
      bare('metrics', 'probe', { run: 'probe' }),
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'prometheus', namespace: 'metrics' },
        spec: { replicas: 2, serviceName: 'prometheus', selector: { matchLabels: { app: 'prometheus' } }, template: { metadata: { labels: { app: 'prometheus' } }, spec: { containers: [{ name: 'p', image: 'nginx:1.27' }] } } },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'prometheus', namespace: 'metrics' }, spec: { ...(serviceHeadless ? { clusterIP: 'None' } : {}), selector: { app: 'prometheus' }, ports: [{ port: 80 }] } },
    ];
    const to = (host: string) => ({ from: { namespace: 'metrics', pod: 'probe' }, to: { host, port: 80 } });

    const ok = await grade(sts(true), to('prometheus-1.prometheus.metrics.svc.cluster.local'));
    const beyond = await grade(sts(true), to('prometheus-2.prometheus.metrics.svc.cluster.local'));
    const notHeadless = await grade(sts(false), to('prometheus-0.prometheus.metrics.svc.cluster.local'));

    expect(ok).toEqual({
      status: 'passed',
      evidence: 'from metrics/probe to prometheus-1.prometheus.metrics.svc.cluster.local:80 → allowed (modelled): no policy isolates probe for egress; no policy isolates statefulset/prometheus (its pods) for ingress',
    });
    expect(beyond.status === 'failed' && beyond.actual).toMatch(/the name does not resolve: no pod with hostname prometheus-2/);
    expect(notHeadless.status === 'failed' && notHeadless.actual).toMatch(/need a headless service prometheus/);
  });

  it('Given a source picked by selector offline, then a Deployment stands for its pods', async () => {
    const objects = [
      ...andWorld(AND),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api2', namespace: 'prod' },
        spec: { selector: { matchLabels: { tier: 'api' } }, template: { metadata: { labels: { tier: 'api', name: 'api-pod' } }, spec: { containers: [] } } },
      },
    ];

    const outcome = await grade(objects, { from: { namespace: 'prod', selector: 'tier=api' }, ...toDb });

    expect(outcome.status === 'passed' && outcome.evidence).toMatch(/^from prod\/deployment\/api2 \(its pods\) to prod\/db:3306 → allowed \(modelled\)/);
  });

  it('Given an ipBlock peer and workspace pods without IPs, then it is blocked and the evidence says why the ipBlock cannot match', async () => {
    const objects = [ns('prod'), bare('prod', 'api', { app: 'api' }), bare('prod', 'db', { role: 'db' }), netpol('prod', 'by-ip', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.244.0.0/16' } }] }] })];

    const outcome = await grade(objects, { from: { namespace: 'prod', pod: 'api' }, to: { pod: 'db', port: 3306 } });

    expect(outcome.status === 'failed' && outcome.actual).toMatch(/no ingress rule admits api:3306 \(ipBlock 10\.244\.0\.0\/16 matches no pod without status\.podIP, and api has none here\)$/);
  });

  it('Given an address outside the pods, then it is unsupported unless the source\'s egress policies already block it', async () => {
    const base = [ns('prod'), bare('prod', 'api', { app: 'api' })];
    const params = { from: { namespace: 'prod', pod: 'api' }, to: { host: '203.0.113.7', port: 443 } };

    const open = await grade(base, params);
    const denied = await grade([...base, netpol('prod', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] })], { ...params, expect: 'blocked' });
    const cidrAllowed = await grade([...base, netpol('prod', 'to-net', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] })], params);

    expect(open.status === 'unsupported' && open.reason).toMatch(/203\.0\.113\.7 is outside the workspace's pods; no policy blocks egress to it .*whether it answers cannot be modelled/);
    expect(denied).toEqual({ status: 'passed', evidence: 'from prod/api to 203.0.113.7:443 → blocked (modelled): prod/deny-egress isolates api for egress; no egress rule admits 203.0.113.7:443' });
    expect(cidrAllowed.status).toBe('unsupported');
  });

  it('Given a host name that is not a cluster name, then it is unsupported; an unknown name in the cluster domain does not resolve', async () => {
    const base = [ns('prod'), bare('prod', 'api', { app: 'api' })];

    const external = await grade(base, { from: { namespace: 'prod', pod: 'api' }, to: { host: 'example.com', port: 443 } });
    const nxdomain = await grade(base, { from: { namespace: 'prod', pod: 'api' }, to: { host: 'db.prod.svc.cluster.local', port: 3306 }, expect: 'blocked' });

    expect(external.status === 'unsupported' && external.reason).toMatch(/example\.com is not a Service name in the workspace/);
    expect(nxdomain).toEqual({ status: 'passed', evidence: 'from prod/api to db.prod.svc.cluster.local:3306 → blocked (modelled): the name does not resolve: no service db in namespace prod' });
  });

  it('Given the source pod is missing, then it fails like the live check, saying where it is', async () => {
    const outcome = await grade(andWorld(AND), { from: { namespace: 'dev', pod: 'api' }, ...toDb });

    expect(outcome.status === 'failed' && outcome.actual).toBe('cannot test: no pod api in namespace dev (found namespace prod, namespace staging)');
  });

  it('Given a host-network source, then NetworkPolicy does not govern it: unsupported', async () => {
    const hostPod = { ...bare('prod', 'node-agent', { app: 'agent' }), spec: { hostNetwork: true, containers: [] } };

    const outcome = await grade([...andWorld(AND), hostPod], { from: { namespace: 'prod', pod: 'node-agent' }, ...toDb });

    expect(outcome.status).toBe('unsupported');
  });

  it('Given a policy with a selector operator the API server rejects, then it fails saying so', async () => {
    const bad = netpol('prod', 'bad', { podSelector: { matchExpressions: [{ key: 'role', operator: 'Equals', values: ['db'] }] } });

    const outcome = await grade([...andWorld(AND), bad], { from: { namespace: 'prod', pod: 'api' }, ...toDb });

    expect(outcome.status === 'failed' && outcome.actual).toMatch(/^cannot model: a NetworkPolicy has a selector the API server would reject/);
  });

  it('Given the checker, then it models offline while its live needs stay as they were', () => {
    expect(connectivityChecker.modelsOffline).toBe(true);
    expect(connectivityChecker.needsFor?.(connectivityChecker.params.parse({ from: { pod: 'a' }, to: { pod: 'b', port: 1 }, expect: 'blocked' }))).toEqual(['pod-exec', 'network-policy']);
  });
});
