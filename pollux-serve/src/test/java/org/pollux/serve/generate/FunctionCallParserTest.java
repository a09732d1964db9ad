package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading calls back from model text, in both modes, including every way a call can be broken. */
class FunctionCallParserTest {
    static final Set<String> NAMES = Set.of("get_weather", "get_time");

    @Test
    void parallelCallsAmongText() {
        var p = FunctionCallParser.auto("Sure.\n```function_call\n{\"name\":\"get_weather\",\"args\":{\"city\":\"Rome\"}}"
                + "\n```\n```function_call\n{\"name\":\"get_time\"}\n```\nDone.", NAMES);
        assertThat(p.malformed()).isNull();
        assertThat(p.parts()).hasSize(4);
        assertThat(p.parts().get(0).text()).isEqualTo("Sure.\n");
        assertThat(p.parts().get(1).functionCall().args().path("city").asText()).isEqualTo("Rome");
        assertThat(p.parts().get(2).functionCall().name()).isEqualTo("get_time");
        assertThat(p.parts().get(2).functionCall().args().isObject()).isTrue();
        assertThat(p.parts().get(3).text()).isEqualTo("\nDone.");
        assertThat(p.parts().get(1).thoughtSignature()).isNotEqualTo(p.parts().get(2).thoughtSignature());
    }

    @Test
    void plainTextHasNoCalls() {
        var p = FunctionCallParser.auto("It is sunny, I think.", NAMES);
        assertThat(p.hasCalls()).isFalse();
        assertThat(p.parts()).singleElement().satisfies(x -> assertThat(x.text()).isEqualTo("It is sunny, I think."));
    }

    @Test
    void anUnclosedFenceAtTheVeryEndIsStillACall() {
        var p = FunctionCallParser.auto("```function_call\n{\"name\":\"get_time\",\"args\":{}}", NAMES);
        assertThat(p.malformed()).isNull();
        assertThat(p.hasCalls()).isTrue();
    }

    @Test
    void brokenCallsSayWhy() {
        assertThat(FunctionCallParser.auto("```function_call\n{\"name\":", NAMES).malformed()).contains("not valid JSON");
        assertThat(FunctionCallParser.auto("```function_call\n[1]\n```", NAMES).malformed()).contains("must be a JSON object");
        assertThat(FunctionCallParser.auto("```function_call\n{\"args\":{}}\n```", NAMES).malformed()).contains("no \"name\"");
        assertThat(FunctionCallParser.auto("```function_call\n{\"name\":\"rm\"}\n```", NAMES).malformed())
                .contains("\"rm\" is not a declared function");
        assertThat(FunctionCallParser.auto("```function_call\n{\"name\":\"get_time\",\"args\":3}\n```", NAMES).malformed())
                .contains("must be a JSON object");
        assertThat(FunctionCallParser.auto("```function_call\n{\"name\":\"get_time\"} trailing", NAMES).malformed())
                .contains("not closed");
        assertThat(FunctionCallParser.auto("```function_call\n", NAMES).malformed()).contains("empty");
    }

    @Test
    void forcedCallsAreOneBareObject() {
        var ok = FunctionCallParser.forced(" {\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}} ", NAMES);
        assertThat(ok.malformed()).isNull();
        assertThat(ok.parts()).singleElement().satisfies(x -> assertThat(x.functionCall().name()).isEqualTo("get_weather"));
        assertThat(FunctionCallParser.forced("{\"name\":\"get_time\"} {}", NAMES).malformed()).contains("text follows");
    }
}
