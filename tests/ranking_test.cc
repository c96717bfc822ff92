// The ranking knobs and their $QUARRY_RANKING overrides (query/ranking.h).
#include "ranking.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "quarry/error.h"

namespace quarry {
namespace {

// Sets $QUARRY_RANKING for one test and restores "unset" after it.
class RankingEnvironment : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv("QUARRY_RANKING"); }
  static RankingParams with(const char* spec) {
    setenv("QUARRY_RANKING", spec, 1);
    return RankingParams::from_environment();
  }
};

TEST_F(RankingEnvironment, UnsetMeansDefaults) {
  unsetenv("QUARRY_RANKING");
  const RankingParams params = RankingParams::from_environment();
  const RankingParams defaults;
  EXPECT_EQ(params.prf_terms, defaults.prf_terms);
  EXPECT_DOUBLE_EQ(params.prf_sharpness, defaults.prf_sharpness);
  EXPECT_DOUBLE_EQ(params.k1, defaults.k1);
}

TEST_F(RankingEnvironment, OverridesNamedKnobsOnly) {
  const RankingParams params = with("prf_sharpness=0,prf_terms=20");
  EXPECT_DOUBLE_EQ(params.prf_sharpness, 0.0);
  EXPECT_EQ(params.prf_terms, 20u);
  EXPECT_EQ(params.prf_docs, RankingParams().prf_docs);
}

TEST_F(RankingEnvironment, RejectsUnknownNamesAndBadValues) {
  EXPECT_THROW(with("prf_sharpnes=1"), UsageError);
  EXPECT_THROW(with("prf_sharpness=sharp"), UsageError);
  EXPECT_THROW(with("prf_sharpness"), UsageError);
}

}  // namespace
}  // namespace quarry
