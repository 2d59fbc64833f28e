import { loadConfig } from '@billy/config';
import { prepareTemplateDatabase } from '../lib/template-database';

/** `prepare-template-database <run pid>`: migrates the run's template database and prints its URL. */
prepareTemplateDatabase(loadConfig().database.url, Number(process.argv[2])).then(
  (url) => process.stdout.write(url),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
