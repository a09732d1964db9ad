package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.types.File;
import com.google.genai.types.ListFilesConfig;
import com.google.genai.types.UploadFileConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.serve.TestServer;

/** The file routes as the real server registers them (SQLite in the data directory), under v1beta and v1. */
class PolluxServerFilesTest {
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void theJavaSdkUsesTheFilesApiUnderBothVersions() throws Exception {
        for (String version : List.of("v1beta", "v1")) {
            try (Client c = org.pollux.serve.SdkClients.of(s.baseUrl(), TestServer.KEY, version)) {
                roundTrip(c);
            }
        }
        assertThat(s.server.config().dataDir().resolve("files.db")).exists();
    }

    private static void roundTrip(Client c) {
        File f = c.files.upload("hello".getBytes(), UploadFileConfig.builder().mimeType("text/plain")
                .displayName("hello").build());
        String name = f.name().orElseThrow();
        // The SDK uploads to /upload/v1beta whatever its apiVersion; get, list and delete use the version.
        assertThat(f.uri()).contains(s.baseUrl() + "/v1beta/" + name);
        assertThat(f.sha256Hash()).contains(ResumableUploadTest.HELLO_SHA256);
        assertThat(c.files.get(name, null).displayName()).contains("hello");
        List<String> names = new ArrayList<>();
        c.files.list(ListFilesConfig.builder().pageSize(10).build()).forEach(x -> names.add(x.name().orElseThrow()));
        assertThat(names).contains(name);
        c.files.delete(name, null);
        assertThatThrownBy(() -> c.files.get(name, null)).isInstanceOfSatisfying(ClientException.class,
                e -> assertThat(e.code()).isEqualTo(404));
    }
}
