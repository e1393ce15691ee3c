package cmoadvisor.admin;

import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.KnowledgeError;
import cmoadvisor.knowledge.KnowledgeException;
import cmoadvisor.knowledge.KnowledgeLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A copy of the last knowledge folder that passed validation, so that a restart with a broken folder (an
 * edit the running bot had refused) still serves the last good knowledge instead of exiting. Written after
 * every knowledge the bot serves, into a temporary folder first and then moved into place.
 */
public final class LastGoodKnowledge {
    private static final Logger log = LoggerFactory.getLogger(LastGoodKnowledge.class);

    private final Path copy;

    public LastGoodKnowledge(Path copy) {
        this.copy = copy;
    }

    /** The knowledge to start with, and what was wrong with the folder when it is the last good copy instead. */
    public record Start(KnowledgeBase knowledge, List<KnowledgeError> folderErrors) {
    }

    /**
     * Loads the folder; when it is broken, the last good copy (and the folder's errors, for the admins);
     * when there is no copy either, the folder's errors as they are.
     */
    public Start load(KnowledgeLoader loader, Path folder) {
        try {
            KnowledgeBase knowledge = loader.load(folder);
            keep(folder);
            return new Start(knowledge, List.of());
        } catch (KnowledgeException broken) {
            if (!Files.isDirectory(copy)) {
                throw broken;
            }
            KnowledgeBase knowledge = loader.load(copy);
            log.warn("the knowledge folder {} is broken; serving the last good copy {} until it is fixed:\n{}",
                    folder, copy, broken.getMessage());
            return new Start(knowledge, broken.errors());
        }
    }

    /** Keeps a copy of a folder that has just passed validation. A failure to write it is logged, not fatal. */
    public void keep(Path folder) {
        Path fresh = copy.resolveSibling(copy.getFileName() + ".new");
        try {
            KnowledgeFolders.delete(fresh);
            KnowledgeFolders.copy(folder, fresh);
            KnowledgeFolders.delete(copy);
            Files.move(fresh, copy, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not keep a copy of the knowledge in {}: {}", copy, e.toString());
        }
    }
}
