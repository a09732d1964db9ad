package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.pollux.serve.generate.prompt.ToolPromptFormat;

/** The streaming hold-back never lets any part of a call fence out, whatever the cuts, and loses nothing. */
class CallFenceFilterTest {

    @Property(tries = 300, seed = "20261122")
    void releasedPlusHeldIsTheInputAndStopsBeforeTheFence(@ForAll @StringLength(max = 30) String before,
            @ForAll boolean withCall, @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 7) Integer> cuts) {
        String text = before.replace("`", "") + (withCall ? ToolPromptFormat.CALL_FENCE + "\n{\"name\":\"f\"}\n```" : "`");
        CallFenceFilter f = new CallFenceFilter();
        StringBuilder released = new StringBuilder();
        int pos = 0;
        for (int cut : cuts) {
            int end = Math.min(text.length(), pos + cut);
            released.append(f.push(text.substring(pos, end)));
            pos = end;
        }
        released.append(f.push(text.substring(pos)));
        assertThat(released + f.rest()).isEqualTo(text);
        assertThat(released.toString()).doesNotContain("```");
        if (withCall) {
            assertThat(f.rest()).startsWith(ToolPromptFormat.CALL_FENCE);
            assertThat(released.toString()).isEqualTo(before.replace("`", ""));
        }
    }
}
