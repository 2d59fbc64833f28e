import { DiscoveryService } from '@nestjs/core';
import type { JOB, QueueName } from '@billy/queues';

export type JobName = (typeof JOB)[keyof typeof JOB];

/** What a handler did, for the job's end-of-run log line and its stored return value. */
export interface JobOutcome<Data = unknown> {
  outcome: string;
  /** Run the same job again at this time instead of completing it. */
  retryAt?: Date;
  /** With `retryAt`: what is left of the job, as the data its next run gets. */
  dataLeft?: Data;
}

/** Marks a class whose @JobHandler methods consume the jobs of one queue. */
export const JobProcessor = DiscoveryService.createDecorator<QueueName>();

/** Marks the method that runs one job name; the method takes the BullMQ Job and returns a JobOutcome. */
export const JobHandler = DiscoveryService.createDecorator<JobName>();
