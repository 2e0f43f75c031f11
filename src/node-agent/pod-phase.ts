/** A JSON object as the API sends it. */
type Obj = Record<string, any>;

/** Whether an init container is a sidecar (restartable init container). */
export function isSidecar(container: Obj): boolean {
  return container.restartPolicy === 'Always';
}

function statusOf(statuses: Obj[], name: string): Obj | undefined {
  return statuses.find((s) => s.name === name);
}

/**
 * The pod phase the kubelet derives from container statuses. `podIsTerminal` is true once the
 * pod is being torn down for good (deleted and all containers stopped): its containers will not
 * restart, so stopped containers make it Succeeded or Failed whatever the restart policy.
 * Semantics: kubelet kubelet_pods.go getPhase (v1.29+, with restartable init containers).
 */
export function podPhase(spec: Obj, initStatuses: Obj[], appStatuses: Obj[], podIsTerminal: boolean): string {
  const restartPolicy: string = spec.restartPolicy ?? 'Always';
  let pendingInit = 0;
  let failedInit = 0;
  let pendingSidecars = 0;
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;

  for (const c of spec.initContainers ?? []) {
    const s = statusOf(initStatuses, c.name);
    if (isSidecar(c)) {
      if (!s) {
        unknown++;
      } else if (s.state?.running) {
        pendingSidecars += s.started ? 0 : 1;
        running++;
      } else if (s.state?.terminated) {
        // A stopped sidecar neither holds the pod back nor counts towards its outcome.
      } else if (s.state?.waiting) {
        pendingSidecars += s.lastState?.terminated ? 0 : 1;
        waiting++;
      } else {
        pendingSidecars++;
        unknown++;
      }
      continue;
    }
    if (!s || s.state?.running) {
      pendingInit++;
    } else if (s.state?.terminated) {
      failedInit += s.state.terminated.exitCode !== 0 ? 1 : 0;
    } else if (s.state?.waiting && s.lastState?.terminated) {
      failedInit += s.lastState.terminated.exitCode !== 0 ? 1 : 0;
    } else {
      pendingInit++;
    }
  }

  for (const c of spec.containers ?? []) {
    const s = statusOf(appStatuses, c.name);
    if (!s) {
      unknown++;
    } else if (s.state?.running) {
      running++;
    } else if (s.state?.terminated) {
      stopped++;
      succeeded += s.state.terminated.exitCode === 0 ? 1 : 0;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        stopped++;
      } else {
        waiting++;
      }
    } else {
      unknown++;
    }
  }

  if (failedInit > 0 && restartPolicy === 'Never') {
    return 'Failed';
  }
  if (pendingInit > 0 || (pendingSidecars > 0 && !podIsTerminal)) {
    return 'Pending';
  }
  if (waiting > 0) {
    return 'Pending';
  }
  if (running > 0 && unknown === 0) {
    return 'Running';
  }
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) {
      return stopped === succeeded ? 'Succeeded' : 'Failed';
    }
    if (restartPolicy === 'Always') {
      return 'Running';
    }
    if (stopped === succeeded) {
      return 'Succeeded';
    }
    return restartPolicy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}
