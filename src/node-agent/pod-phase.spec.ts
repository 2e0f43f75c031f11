import { podPhase } from 'src/node-agent/pod-phase';

const running = (name: string, started = true) => ({ name, state: { running: {} }, started });
const exited = (name: string, exitCode: number) => ({ name, state: { terminated: { exitCode } } });
const waiting = (name: string, lastExit?: number) => ({
  name,
  state: { waiting: { reason: lastExit === undefined ? 'ContainerCreating' : 'CrashLoopBackOff' } },
  ...(lastExit === undefined ? {} : { lastState: { terminated: { exitCode: lastExit } } }),
});
const spec = (restartPolicy: string, containers = ['a'], initContainers: any[] = []) => ({ restartPolicy, containers: containers.map((name) => ({ name })), initContainers });

describe('podPhase (kubelet getPhase)', () => {
  test.each<[string, any, any[], any[], boolean, string]>([
    ['no statuses yet', spec('Always'), [], [], false, 'Pending'],
    ['containers being created', spec('Always'), [], [waiting('a')], false, 'Pending'],
    ['running', spec('Always'), [], [running('a')], false, 'Running'],
    ['one running, one unknown', spec('Always', ['a', 'b']), [], [running('a')], false, 'Pending'],
    ['crash looping under Always', spec('Always'), [], [waiting('a', 1)], false, 'Running'],
    ['exited 0 under Always (restarting)', spec('Always'), [], [exited('a', 0)], false, 'Running'],
    ['exited 0 under OnFailure', spec('OnFailure'), [], [exited('a', 0)], false, 'Succeeded'],
    ['exited 1 under OnFailure (restarting)', spec('OnFailure'), [], [exited('a', 1)], false, 'Running'],
    ['exited 1 under Never', spec('Never'), [], [exited('a', 1)], false, 'Failed'],
    ['all exited 0 under Never', spec('Never', ['a', 'b']), [], [exited('a', 0), exited('b', 0)], false, 'Succeeded'],
    ['one of two failed under Never', spec('Never', ['a', 'b']), [], [exited('a', 0), exited('b', 2)], false, 'Failed'],
    ['terminal (deleted): all 0', spec('Always'), [], [exited('a', 0)], true, 'Succeeded'],
    ['terminal (deleted): killed', spec('Always'), [], [exited('a', 137)], true, 'Failed'],
    ['init container running', spec('Always', ['a'], [{ name: 'i' }]), [running('i')], [waiting('a')], false, 'Pending'],
    ['init container done, app running', spec('Always', ['a'], [{ name: 'i' }]), [exited('i', 0)], [running('a')], false, 'Running'],
    ['init container failed under Never', spec('Never', ['a'], [{ name: 'i' }]), [exited('i', 1)], [waiting('a')], false, 'Failed'],
    ['init container failed under Always (retrying)', spec('Always', ['a'], [{ name: 'i' }]), [waiting('i', 1)], [waiting('a')], false, 'Pending'],
    ['sidecar not started yet', spec('Always', ['a'], [{ name: 's', restartPolicy: 'Always' }]), [running('s', false)], [], false, 'Pending'],
    ['sidecar started, app running', spec('Always', ['a'], [{ name: 's', restartPolicy: 'Always' }]), [running('s')], [running('a')], false, 'Running'],
    ['job with a sidecar: app done, sidecar stopped', spec('Never', ['a'], [{ name: 's', restartPolicy: 'Always' }]), [exited('s', 137)], [exited('a', 0)], false, 'Succeeded'],
  ])('%s -> %s', (_name, s, init, apps, terminal, phase) => {
    expect(podPhase(s, init, apps, terminal)).toBe(phase);
  });
});
