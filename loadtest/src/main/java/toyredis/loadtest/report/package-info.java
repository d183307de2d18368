/** Results for people and programs: the text summary and table, CSV, JSON and PNG charts. */
package toyredis.loadtest.report;
