#include "progress.h"

#include <gtest/gtest.h>

namespace factflow::cli {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'000'000);

TEST(GroupThousands, FrenchGrouping) {
  EXPECT_EQ(GroupThousands(0), "0");
  EXPECT_EQ(GroupThousands(999), "999");
  EXPECT_EQ(GroupThousands(68840), "68 840");
  EXPECT_EQ(GroupThousands(1234567), "1 234 567");
}

TEST(ProgressTracker, StallsOnlyWithoutProgress) {
  ProgressTracker tracker(absl::Seconds(60), kStart);
  EXPECT_TRUE(tracker.Observe({0, 100, "en file d'attente", false}, kStart));
  EXPECT_FALSE(tracker.Stalled(kStart + absl::Seconds(59)));
  // Slow but advancing work never stalls, however long it takes in all.
  for (int minute = 1; minute <= 10; ++minute) {
    EXPECT_TRUE(tracker.Observe({minute * 10, 100, "", false}, kStart + absl::Minutes(minute)));
    EXPECT_FALSE(tracker.Stalled(kStart + absl::Minutes(minute) + absl::Seconds(59)));
  }
  EXPECT_FALSE(tracker.Observe({100, 100, "", false}, kStart + absl::Minutes(10)));
  EXPECT_TRUE(tracker.Stalled(kStart + absl::Minutes(11)));
}

TEST(ProgressTracker, StepChangesCountAsProgress) {
  ProgressTracker tracker(absl::Seconds(60), kStart);
  tracker.Observe({0, 0, "récupération des documents : 500", false}, kStart);
  EXPECT_TRUE(tracker.Observe({0, 0, "récupération des documents : 1000", false},
                              kStart + absl::Seconds(50)));
  EXPECT_FALSE(tracker.Stalled(kStart + absl::Seconds(100)));
}

TEST(ProgressTracker, LineWithCountsAndEta) {
  ProgressTracker tracker(absl::Seconds(60), kStart);
  tracker.Observe({0, 68840, "", false}, kStart);
  tracker.Observe({17210, 68840, "traitement : 17210 sur 68840", false}, kStart + absl::Seconds(2));
  EXPECT_EQ(tracker.Line("Préparation de l'envoi", kStart + absl::Seconds(2)),
            "Préparation de l'envoi : 17 210/68 840 (25 %), reste ~6 s — traitement : 17210 sur "
            "68840");
  tracker.Observe({68840, 68840, "terminé", true}, kStart + absl::Seconds(8));
  EXPECT_EQ(tracker.Line("Envoi", kStart + absl::Seconds(8)),
            "Envoi : 68 840/68 840 (100 %), terminé en 8 s");
}

TEST(WaitForProgress, FinishesFailsOrStalls) {
  int calls = 0;
  WaitOptions options{"Archivage", "factflowctl invoices --batch 1", absl::Milliseconds(1),
                      absl::Seconds(5), false};
  testing::internal::CaptureStdout();
  EXPECT_TRUE(WaitForProgress(
                  [&]() -> absl::StatusOr<Progress> {
                    ++calls;
                    return Progress{calls, 3, "", calls == 3};
                  },
                  options)
                  .ok());
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(
      WaitForProgress([]() -> absl::StatusOr<Progress> { return absl::AbortedError("x"); }, options)
          .code(),
      absl::StatusCode::kAborted);
  options.stall_timeout = absl::Milliseconds(30);
  absl::Status stalled = WaitForProgress(
      []() -> absl::StatusOr<Progress> {
        return Progress{1, 3, "", false};
      },
      options);
  testing::internal::GetCapturedStdout();
  EXPECT_EQ(stalled.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_NE(std::string(stalled.message()).find("aucun progrès"), std::string::npos);
  EXPECT_NE(std::string(stalled.message()).find("factflowctl invoices --batch 1"),
            std::string::npos);
}

}  // namespace
}  // namespace factflow::cli
