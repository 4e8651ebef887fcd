import type { ChildProcess } from 'node:child_process';

/** Sends `request` to a child and resolves with its first reply of type `answer`; rejects if the child exits first. */
export function ask<Reply extends { type: string }, T extends Reply['type']>(
  child: ChildProcess,
  request: { type: string },
  answer: T,
): Promise<Extract<Reply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`child ${child.pid} exited ${code} while asked ${request.type}`));
    };
    const onMessage = (message: Reply) => {
      if (message.type !== answer) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<Reply, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(request);
  });
}

/** Resolves with the child's first message of type `answer` (e.g. `ready`); rejects if it exits first. */
export function first<Reply extends { type: string }, T extends Reply['type']>(
  child: ChildProcess,
  answer: T,
): Promise<Extract<Reply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`child ${child.pid} exited ${code} before ${answer}`));
    };
    const onMessage = (message: Reply) => {
      if (message.type !== answer) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<Reply, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
