/**
 * The two grammars the harness reads from its command line, in one place: durations
 * ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 0}) and sizes in redis.conf's
 * memory units ({@code 100}, {@code 1k}, {@code 1kb}, {@code 1mb}).
 */
package toyredis.loadtest.units;
