/** AdamW, global-norm gradient clipping and the warmup + cosine learning-rate schedule. */
package org.pollux.train.optim;
