#include "files/confined_path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>

namespace factflow::files {
namespace {

namespace fs = std::filesystem;

class ConfinedPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("confined-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "einvoices";
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(base_); }

  // Every regular file under base_, relative to it.
  std::set<std::string> Files() const {
    std::set<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(base_)) {
      if (entry.is_regular_file()) files.insert(fs::relative(entry.path(), base_).string());
    }
    return files;
  }

  fs::path base_;
  fs::path root_;
};

TEST(SafeFileNameTest, KeepsOrdinaryNamesAndEscapesEverythingElse) {
  EXPECT_EQ(SafeFileName("FA2026-000001"), "FA2026-000001");
  EXPECT_EQ(SafeFileName("demo_tenant.v2"), "demo_tenant.v2");
  EXPECT_EQ(SafeFileName("FA/26/000001"), "FA%2F26%2F000001");
  EXPECT_EQ(SafeFileName("/etc/passwd"), "%2Fetc%2Fpasswd");
  EXPECT_EQ(SafeFileName("../../../x"), "%2E.%2F..%2F..%2Fx");
  EXPECT_EQ(SafeFileName(".."), "%2E.");
  EXPECT_EQ(SafeFileName("."), "%2E");
  EXPECT_EQ(SafeFileName("100%"), "100%25");
  EXPECT_EQ(SafeFileName(""), "%");
  EXPECT_EQ(SafeFileName(std::string("a\0b", 3)), "a%00b");
}

TEST(SafeFileNameTest, IsInjective) {
  const std::vector<std::string> inputs = {"FA/26/1", "FA%2F26%2F1", "FA_26_1", "",      "%",
                                           ".x",      "%2Ex",        "a b",     "a%20b", "é"};
  std::set<std::string> outputs;
  for (const auto& input : inputs) outputs.insert(SafeFileName(input));
  EXPECT_EQ(outputs.size(), inputs.size());
}

TEST_F(ConfinedPathTest, HostileTenantsAndPrefixesStayInsideTheRoot) {
  const std::vector<std::pair<std::string, std::string>> cases = {{"../../../x", "FA2026-000001"},
                                                                  {"demo", "/FA2026-000002"},
                                                                  {"demo", "FA/26/000003"},
                                                                  {"..", ".."},
                                                                  {"/", "/"},
                                                                  {"demo", "../../../etc/x"}};
  for (const auto& [tenant, number] : cases) {
    auto written =
        WriteConfinedFile(root_, {SafeFileName(tenant), SafeFileName(number + ".xml")}, "<xml/>");
    ASSERT_TRUE(written.ok()) << tenant << " " << number << ": " << written.status();
    EXPECT_EQ(written->parent_path().parent_path(), fs::weakly_canonical(root_));
  }
  for (const std::string& file : Files()) {
    EXPECT_THAT(file, ::testing::StartsWith("einvoices/")) << file;
    EXPECT_EQ(std::count(file.begin(), file.end(), '/'), 2) << file;
  }
  EXPECT_EQ(Files().size(), cases.size());
}

TEST_F(ConfinedPathTest, RefusesRawSegmentsThatAreNotSingleSafeNames) {
  for (const char* segment : {"..", ".", "", "a/b", "/abs", ".hidden"}) {
    auto path = ConfinedPath(root_, {segment});
    EXPECT_EQ(path.status().code(), absl::StatusCode::kInvalidArgument) << segment;
  }
  EXPECT_FALSE(ConfinedPath(root_, {std::string(256, 'a')}).ok());
  EXPECT_TRUE(Files().empty());
}

TEST_F(ConfinedPathTest, RefusesASymbolicLinkLeadingOutside) {
  fs::create_directories(base_ / "outside");
  fs::create_directory_symlink(base_ / "outside", root_ / "evil");
  auto written = WriteConfinedFile(root_, {"evil", "x.xml"}, "data");
  EXPECT_EQ(written.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(fs::exists(base_ / "outside" / "x.xml"));
}

TEST_F(ConfinedPathTest, RewritesAFileInPlace) {
  ASSERT_TRUE(WriteConfinedFile(root_, {"t", "a.xml"}, "one").ok());
  auto written = WriteConfinedFile(root_, {"t", "a.xml"}, "two");
  ASSERT_TRUE(written.ok());
  std::ifstream in(*written);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "two");
  EXPECT_EQ(Files(), std::set<std::string>{"einvoices/t/a.xml"});
}

}  // namespace
}  // namespace factflow::files
