import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';
import type { JobName, JobPayloads, QueueName } from '@billy/queues';

/** What a handler did, for the job's end-of-run log line and its stored return value; only a postponed job carries data. */
export interface JobOutcome<Data = never> {
  outcome: string;
  /** Run the same job again at this time instead of completing it. */
  retryAt?: Date;
  /** With `retryAt`: what is left of the job, as the data its next run gets. */
  dataLeft?: Data;
}

/** The method that runs job `N`: it receives that job's payload, and may leave part of it for later. */
export type JobHandlerMethod<N extends JobName> = (job: Job<JobPayloads[N]>) => Promise<JobOutcome<JobPayloads[N]>>;

/** Marks a class whose @JobHandler methods consume the jobs of one queue. */
export const JobProcessor = DiscoveryService.createDecorator<QueueName>();

/** The metadata behind @JobHandler, which the registry looks up. */
export const JOB_HANDLER = DiscoveryService.createDecorator<JobName>();

/** Marks the method that runs one job name; it must take that job's payload (see JobPayloads). */
export function JobHandler<N extends JobName>(name: N) {
  const decorate = JOB_HANDLER(name);
  return <M extends JobHandlerMethod<N>>(
    target: object,
    method: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ) => decorate(target, method, descriptor);
}
