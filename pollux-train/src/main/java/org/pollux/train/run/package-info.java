/**
 * The {@code pollux train} run: recipes ({@link org.pollux.train.run.TrainConfig}, {@link
 * org.pollux.train.run.TrainConfigLoader}), the training loop ({@link org.pollux.train.run.Trainer}),
 * progress reporting, the metrics log, the loss curve and the summary.
 */
package org.pollux.train.run;
