/**
 * The command line: picocli commands ({@code run}, {@code sweep}, {@code compare}, {@code check}),
 * their shared options, the progress bar, and the sweep that runs one load point after another.
 */
package toyredis.loadtest.cli;
