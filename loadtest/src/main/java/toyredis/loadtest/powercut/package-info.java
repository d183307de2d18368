/**
 * A filesystem that can lose power: FUSE passes every call through to a backing directory, keeps
 * apart what an fsync made durable, and on a cut leaves only that. {@code loadtest powercut} and
 * {@code check --power-loss} run servers on it.
 */
package toyredis.loadtest.powercut;
