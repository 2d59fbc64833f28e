import { databaseNameOf, databaseUrl, runPidOf, templateDatabaseName, testDatabaseName } from './test-databases';

describe('test database names', () => {
  it('should name the run in its template and test databases, so a later run can find its leftovers', () => {
    expect(runPidOf(templateDatabaseName(4242))).toBe(4242);
    expect(runPidOf(testDatabaseName(4242, 'settlement'))).toBe(4242);
  });

  it('should not take a database for a run’s when no run named it', () => {
    for (const name of ['billy', 'postgres', 'billy_test', 'billy_template_other_12'])
      expect(runPidOf(name)).toBeNull();
  });

  it('should keep a test database name within PostgreSQL’s 63 characters and to lower-case word characters when the label is long or odd', () => {
    const name = testDatabaseName(4242, 'A label with Spaces, and-dashes that goes on and on');

    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9_]+$/);
    expect(runPidOf(name)).toBe(4242);
  });

  it('should give two files of the same label two databases', () => {
    expect(testDatabaseName(4242, 'same')).not.toBe(testDatabaseName(4242, 'same'));
  });

  it('should point a URL at another database on the same server, keeping its credentials and options', () => {
    const url = databaseUrl('postgres://billy:secret@db.example:6543/billy?sslmode=require', 'billy_test_x');

    expect(url).toBe('postgres://billy:secret@db.example:6543/billy_test_x?sslmode=require');
    expect(databaseNameOf(url)).toBe('billy_test_x');
  });
});
