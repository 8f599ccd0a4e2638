"""Korean text for the grader's verdicts and the grading sandbox's messages (autograder/).

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
    ("{title}: your code uses {used}. This exercise asks you to write {names} with your own "
     "code, to see how it works inside, so the framework's version does not count here. "
     "Rewrite it without {used}; you may still use it in a scratch cell to check your "
     "answer."):
        ("{title}: 여러분의 코드가 {used}을(를) 사용합니다. 이 실습 과제는 {names}을(를) "
         "여러분의 코드로 직접 작성해 속에서 어떻게 동작하는지 보도록 하므로, 프레임워크의 "
         "구현은 여기서 인정되지 않습니다. {used} 없이 다시 작성하세요. 답을 확인할 때는 "
         "연습용 셀에서 계속 써도 됩니다."),
    ("{title}: your code opens the box ({used}) instead of measuring it through its calls. "
     "The exercise is the experiment: feed the box batches you choose and read its moving "
     "averages. A probe that looks inside would not work on a layer you cannot open, and "
     "here it earns no points."):
        ("{title}: 여러분의 코드가 상자를 호출해 측정하지 않고 속을 엽니다({used}). 이 실습 "
         "과제는 실험 자체입니다. 여러분이 고른 배치를 상자에 넣고 이동 평균을 읽으세요. 속을 "
         "들여다보는 프로브는 열어 볼 수 없는 층에서는 통하지 않으며, 여기서는 점수를 받지 "
         "못합니다."),
    ("{title}: {names} did not return before the notebook's grading time budget ran out "
     "({seconds} s were left for this test; COURSE_GRADING_NOTEBOOK_SECONDS). Cells that "
     "take long (training, sleeping, loops) leave less time for the tests after them."):
        ("{title}: 노트북의 채점 시간 예산이 다 떨어지기 전에 {names}이(가) 반환하지 "
         "않았습니다(이 테스트에 남은 시간은 {seconds}초였습니다. "
         "COURSE_GRADING_NOTEBOOK_SECONDS). 오래 걸리는 셀(학습, 잠자기, 반복문)은 그 뒤의 "
         "테스트에 남는 시간을 줄입니다."),
    ("{title}: {names} did not return within {seconds} s, the grading time limit of one cell "
     "(COURSE_GRADING_CELL_TIMEOUT). Look for a loop that never ends, or work that grows much "
     "faster than its input."):
        ("{title}: {names}이(가) 셀 하나의 채점 시간 제한인 {seconds}초 안에 반환하지 "
         "않았습니다(COURSE_GRADING_CELL_TIMEOUT). 끝나지 않는 반복문이나, 입력보다 훨씬 "
         "빨리 커지는 계산이 있는지 살펴보세요."),
    ("not run: the notebook's grading time budget of {seconds} s "
     "(COURSE_GRADING_NOTEBOOK_SECONDS) was used up before this cell. Cells that ran before "
     "keep their points."):
        ("실행되지 않음: 이 셀 전에 노트북의 채점 시간 예산 {seconds}초"
         "(COURSE_GRADING_NOTEBOOK_SECONDS)가 다 쓰였습니다. 그 전에 실행된 셀은 점수를 "
         "그대로 받습니다."),
    ("stopped after {seconds} s: the notebook's grading time budget of {budget} s "
     "(COURSE_GRADING_NOTEBOOK_SECONDS) ran out in this cell; the cells after it were not "
     "run."):
        ("{seconds}초 뒤 멈춤: 이 셀에서 노트북의 채점 시간 예산 {budget}초"
         "(COURSE_GRADING_NOTEBOOK_SECONDS)가 다 떨어졌습니다. 그 뒤의 셀은 실행되지 "
         "않았습니다."),
    "stopped after {seconds} s (the grading time limit of one cell, COURSE_GRADING_CELL_TIMEOUT)":
        "{seconds}초 뒤 멈춤(셀 하나의 채점 시간 제한, COURSE_GRADING_CELL_TIMEOUT)",
    ("[output cut by the grader as it arrived: this cell printed more than {limit:,} "
     "characters]"):
        "[채점기가 도착하는 대로 출력을 잘랐습니다: 이 셀은 {limit:,}자보다 많이 출력했습니다]",
}
