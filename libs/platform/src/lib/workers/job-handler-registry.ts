import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Job } from 'bullmq';
import type { JobName, QueueName } from '@billy/queues';
import { JOB_HANDLER, JobOutcome, JobProcessor } from './job-handler.decorators';

export type JobHandlerFn = (job: Job) => Promise<JobOutcome<unknown>>;

/** Finds the @JobHandler methods of a queue's @JobProcessor classes. */
@Injectable()
export class JobHandlerRegistry {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** One handler per job name, or an error naming every job with none or several: a bad deploy stops at start-up. */
  handlersFor(queue: QueueName, jobNames: readonly JobName[]): Map<JobName, JobHandlerFn> {
    const found = new Map<JobName, JobHandlerFn[]>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: JobProcessor.KEY })) {
      if (this.discovery.getMetadataByDecorator(JobProcessor, wrapper) !== queue) continue;
      const instance = wrapper.instance as Record<string, JobHandlerFn>;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
        const jobName = this.discovery.getMetadataByDecorator(JOB_HANDLER, wrapper, method);
        if (jobName) found.set(jobName, [...(found.get(jobName) ?? []), (job) => instance[method](job)]);
      }
    }
    const problems = jobNames
      .map((name) => ({ name, count: found.get(name)?.length ?? 0 }))
      .filter(({ count }) => count !== 1)
      .map(({ name, count }) => `"${name}" has ${count} handlers`);
    if (problems.length > 0) throw new Error(`Queue "${queue}" needs one handler per job: ${problems.join('; ')}`);
    return new Map(jobNames.map((name) => [name, (found.get(name) as JobHandlerFn[])[0]]));
  }
}
